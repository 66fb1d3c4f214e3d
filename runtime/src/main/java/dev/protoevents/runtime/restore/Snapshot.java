package dev.protoevents.runtime.restore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A saved state together with the position it reflects: for each partition of the feed's topics,
 * the offset of the next event to apply. Restoring loads the state and resumes every partition at
 * exactly that offset.
 *
 * @param sequence increases with every snapshot of a store; the newest valid one is restored
 * @param takenAt when the snapshot was taken
 * @param offsets per partition, the offset of the first event the state does not include
 * @param state the encoded state ({@link SnapshotState#writeSnapshot}); not copied, do not modify
 */
public record Snapshot(
    long sequence, Instant takenAt, Map<TopicPartition, Long> offsets, byte[] state) {

  /**
   * Orders partitions by topic, then number, so snapshots list and encode them deterministically.
   */
  static final Comparator<TopicPartition> PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  /** Checks the components and keeps the offsets sorted and unmodifiable. */
  public Snapshot {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
    }
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(offsets, "offsets");
    Objects.requireNonNull(state, "state");
    TreeMap<TopicPartition, Long> sorted = new TreeMap<>(PARTITION_ORDER);
    offsets.forEach(
        (partition, offset) -> {
          Objects.requireNonNull(partition, "offsets contains a null partition");
          if (offset == null || offset < 0) {
            throw new IllegalArgumentException(
                "offset of " + partition + " must be >= 0 but was " + offset);
          }
          sorted.put(partition, offset);
        });
    offsets = Collections.unmodifiableMap(sorted);
  }

  /** The number of events the state reflects, summed over partitions (offsets, not records). */
  public long totalOffset() {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot that
        && sequence == that.sequence
        && takenAt.equals(that.takenAt)
        && offsets.equals(that.offsets)
        && Arrays.equals(state, that.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, takenAt, offsets, Arrays.hashCode(state));
  }

  @Override
  public String toString() {
    return "Snapshot[sequence="
        + sequence
        + ", takenAt="
        + takenAt
        + ", offsets="
        + offsets
        + ", state="
        + state.length
        + " bytes]";
  }
}
