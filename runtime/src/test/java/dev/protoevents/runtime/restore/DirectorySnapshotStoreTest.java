package dev.protoevents.runtime.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySnapshotStoreTest {

  @TempDir Path directory;

  private static Snapshot snapshot(long sequence, String state) {
    return new Snapshot(
        sequence,
        Instant.ofEpochMilli(1_700_000_000_000L + sequence),
        Map.of(new TopicPartition("orders", 1), 42L, new TopicPartition("orders", 0), 7L),
        state.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void savedSnapshotLoadsBackEqual() throws IOException {
    SnapshotStore store = SnapshotStore.directory(directory);
    Snapshot saved = snapshot(3, "state of three");

    store.save(saved);

    assertEquals(List.of(3L), store.sequences());
    Snapshot loaded = store.load(3);
    assertEquals(saved, loaded);
    assertEquals(
        List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1)),
        List.copyOf(loaded.offsets().keySet()),
        "offsets are kept in partition order");
  }

  @Test
  void sequencesListNewestFirstAndIgnoreOtherFiles() throws IOException {
    SnapshotStore store = SnapshotStore.directory(directory);
    store.save(snapshot(1, "a"));
    store.save(snapshot(12, "b"));
    store.save(snapshot(2, "c"));
    Files.writeString(directory.resolve("notes.txt"), "not a snapshot");

    assertEquals(List.of(12L, 2L, 1L), store.sequences());
    store.delete(2);
    assertEquals(List.of(12L, 1L), store.sequences());
  }

  @Test
  void encodingIsDeterministic() {
    assertArrayEquals(
        DirectorySnapshotStore.encode(snapshot(5, "x")),
        DirectorySnapshotStore.encode(snapshot(5, "x")));
  }

  @Test
  void truncatedSnapshotIsDetectedAtEveryLength() throws IOException {
    byte[] whole = DirectorySnapshotStore.encode(snapshot(4, "some state worth keeping"));
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(whole, length);
      assertThrows(
          SnapshotCorruptedException.class,
          () -> DirectorySnapshotStore.decode(cut, "cut"),
          "a snapshot cut to " + length + " of " + whole.length + " bytes must not load");
    }
  }

  @Test
  void everySingleFlippedByteIsDetected() {
    byte[] whole = DirectorySnapshotStore.encode(snapshot(4, "some state worth keeping"));
    for (int i = 0; i < whole.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = whole.clone();
        damaged[i] ^= (byte) (1 << bit);
        assertThrows(
            SnapshotCorruptedException.class,
            () -> DirectorySnapshotStore.decode(damaged, "damaged"),
            "bit " + bit + " of byte " + i + " flipped must not load");
      }
    }
  }

  @Test
  void unknownFormatVersionIsReportedAsSuch() {
    byte[] bytes = DirectorySnapshotStore.encode(snapshot(4, "x"));
    ByteBuffer.wrap(bytes).putInt(4, 99);

    SnapshotCorruptedException failure =
        assertThrows(
            SnapshotCorruptedException.class, () -> DirectorySnapshotStore.decode(bytes, "v99"));

    assertTrue(failure.getMessage().contains("format version 99"), failure.getMessage());
  }

  @Test
  void damagedFileOnDiskFailsToLoadWithItsName() throws IOException {
    SnapshotStore store = SnapshotStore.directory(directory);
    store.save(snapshot(8, "state"));
    Path file = directory.resolve("snapshot-0000000000000000008.pes");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(file, bytes);

    SnapshotCorruptedException failure =
        assertThrows(SnapshotCorruptedException.class, () -> store.load(8));

    assertTrue(failure.getMessage().contains(file.getFileName().toString()), failure.getMessage());
  }

  @Test
  void temporaryFilesOfAnInterruptedWriteAreRemovedAndNeverListed() throws IOException {
    Files.write(directory.resolve("snapshot-9-123" + ".pes.tmp"), new byte[] {1, 2, 3});

    SnapshotStore store = SnapshotStore.directory(directory);

    assertEquals(List.of(), store.sequences());
    try (var files = Files.list(directory)) {
      assertFalse(files.findAny().isPresent(), "the temporary file is gone");
    }
  }
}
