package dev.protoevents.runtime.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) at random moments while it writes snapshots never leaves a snapshot
 * that loads as valid but holds the wrong content.
 */
class SnapshotKilledWhileWritingTest {

  private static final int KILLS = 24;

  @TempDir Path directory;

  @Test
  void killedWriterNeverLeavesAWrongSnapshotThatLoads() throws Exception {
    Random random = new Random(20261128L);
    int temporaryFilesLeft = 0;
    int corruptDetected = 0;
    int verified = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process writer = startWriter();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        // Given a writer that has saved at least one snapshot in this run
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("saved "), "writer said: " + line);
        // When it is killed at a random moment: the fault injection, not a wait for a condition
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(40_000)));
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "killed writer ended");
      }
      try (var files = Files.list(directory)) {
        temporaryFilesLeft += (int) files.filter(f -> f.toString().endsWith(".tmp")).count();
      }
      // Then every snapshot that loads is exactly the right one for its sequence
      SnapshotStore store = SnapshotStore.directory(directory);
      List<Long> sequences = store.sequences();
      assertTrue(!sequences.isEmpty(), "at least one snapshot survives");
      for (long sequence : sequences) {
        try {
          assertEquals(
              SnapshotWriterProcess.expected(sequence),
              store.load(sequence),
              "snapshot " + sequence + " loads, so it must be the right one");
          verified++;
        } catch (SnapshotCorruptedException e) {
          corruptDetected++;
          store.delete(sequence);
        }
      }
      // Keep the directory small: the newest two are enough for the next round
      for (long old : sequences.subList(Math.min(2, sequences.size()), sequences.size())) {
        store.delete(old);
      }
    }
    System.out.printf(
        "snapshot writer killed %d times: %d temporary files left behind (removed on open),"
            + " %d damaged snapshots detected, %d loaded snapshots verified right%n",
        KILLS, temporaryFilesLeft, corruptDetected, verified);
  }

  private Process startWriter() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            SnapshotWriterProcess.class.getName(),
            directory.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
