package dev.protoevents.runtime.offsets;

import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's move by an offset reset: from where (nothing, if the group had committed nothing
 * there) to where.
 *
 * <pre>{@code
 * for (OffsetMove move : groups.reset("billing", topics, OffsetReset.earliest())) {
 *   log.info("{}", move); // orders-0: 42 -> 0
 * }
 * }</pre>
 *
 * @param topicPartition the partition
 * @param from the offset before the reset, empty if there was none
 * @param to the offset after the reset: the next record to be read
 */
public record OffsetMove(TopicPartition topicPartition, OptionalLong from, long to) {

  /** Checks the values. */
  public OffsetMove {
    Objects.requireNonNull(topicPartition, "topicPartition");
    Objects.requireNonNull(from, "from");
    if (to < 0) {
      throw new IllegalArgumentException(
          "target offset of " + topicPartition + " must be >= 0 but was " + to);
    }
  }

  /** True unless the partition stays where it was. */
  public boolean changes() {
    return from.isEmpty() || from.getAsLong() != to;
  }

  @Override
  public String toString() {
    return topicPartition + ": " + (from.isPresent() ? from.getAsLong() : "none") + " -> " + to;
  }
}
