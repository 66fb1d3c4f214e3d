package dev.protoevents.runtime.restore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * State that a {@link StateFeed} can save in a snapshot and load back. Generated views ({@code
 * OrderView}) are snapshot states through {@link dev.protoevents.runtime.ResourceView}. All its
 * methods are called on the feed's thread, between events, never concurrently with the handler.
 *
 * <pre>{@code
 * StateFeed feed = OrderTopic.feed(kafkaConfig, view)   // view: an OrderView, a SnapshotState
 *     .snapshots(SnapshotStore.directory(Path.of("state/orders")))
 *     .start();
 * }</pre>
 */
public interface SnapshotState {
  /** Writes the whole state to {@code out}; does not close it. */
  void writeSnapshot(OutputStream out) throws IOException;

  /**
   * Replaces the whole state with what {@link #writeSnapshot} wrote, reading {@code in} to its end.
   *
   * @throws IOException if {@code in} holds something else; the state must then be unchanged
   */
  void readSnapshot(InputStream in) throws IOException;

  /**
   * Replaces the whole state with what {@link #writeSnapshot} wrote, held in {@code bytes}; the
   * feed calls this one. The default reads them as a stream; a state that can use the array
   * directly overrides it to save a copy.
   *
   * @throws IOException if {@code bytes} holds something else; the state must then be unchanged
   */
  default void readSnapshot(byte[] bytes) throws IOException {
    readSnapshot(new ByteArrayInputStream(bytes));
  }

  /** Empties the state, before a replay from the beginning of the topics. */
  void clear();
}
