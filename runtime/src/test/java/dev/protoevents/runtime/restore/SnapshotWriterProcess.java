package dev.protoevents.runtime.restore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;

/**
 * A separate JVM that saves snapshots into a directory store until it is killed; the content of
 * each snapshot follows from its sequence number alone, so a checker can tell a right one from a
 * wrong one. Prints {@code saved <sequence>} after each save.
 */
public final class SnapshotWriterProcess {

  private SnapshotWriterProcess() {}

  /** The only snapshot content that is right for {@code sequence}. */
  static Snapshot expected(long sequence) {
    Random random = new Random(sequence);
    byte[] state = new byte[1 + (int) ((sequence * 7919) % 600_000)];
    random.nextBytes(state);
    return new Snapshot(
        sequence,
        Instant.ofEpochMilli(1_700_000_000_000L + sequence),
        Map.of(
            new TopicPartition("orders", 0),
            sequence * 3,
            new TopicPartition("orders", 1),
            sequence),
        state);
  }

  public static void main(String[] args) throws Exception {
    SnapshotStore store = SnapshotStore.directory(Path.of(args[0]));
    long sequence = store.sequences().stream().findFirst().orElse(-1L) + 1;
    while (true) {
      store.save(expected(sequence));
      System.out.println("saved " + sequence);
      System.out.flush();
      sequence++;
    }
  }
}
