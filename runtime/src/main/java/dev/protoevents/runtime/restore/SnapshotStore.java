package dev.protoevents.runtime.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@link StateFeed} keeps its snapshots. One store belongs to one feed (one service
 * instance); {@link #directory(Path)} is the default, a local directory that needs no setup. A
 * shared store (object storage, a database) implements the same four methods.
 *
 * <pre>{@code
 * SnapshotStore store = SnapshotStore.directory(Path.of("state", "orders"));
 * }</pre>
 */
public interface SnapshotStore {

  /** A store in the local directory {@code directory}, created if missing. */
  static SnapshotStore directory(Path directory) {
    return new DirectorySnapshotStore(directory);
  }

  /**
   * Saves {@code snapshot} atomically: a reader sees the whole snapshot or none of it, also if the
   * process dies while saving.
   *
   * @throws IOException if it could not be saved; nothing of it is then visible
   */
  void save(Snapshot snapshot) throws IOException;

  /** The sequence numbers of the stored snapshots, newest first, without reading them. */
  List<Long> sequences() throws IOException;

  /**
   * Reads and verifies the snapshot numbered {@code sequence}.
   *
   * @throws SnapshotCorruptedException if it is damaged, cut short or in an unknown format
   * @throws IOException if it cannot be read
   */
  Snapshot load(long sequence) throws IOException;

  /** Deletes the snapshot numbered {@code sequence}; an unknown number is ignored. */
  void delete(long sequence) throws IOException;
}
