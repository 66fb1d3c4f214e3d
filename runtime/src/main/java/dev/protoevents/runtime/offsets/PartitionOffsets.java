package dev.protoevents.runtime.offsets;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a consumer group stands on one partition: its committed offset, the log end offset and the
 * lag between them (the columns CURRENT-OFFSET, LOG-END-OFFSET and LAG of {@code
 * kafka-consumer-groups --describe}).
 *
 * @param topicPartition the partition
 * @param committed the group's committed offset, empty if it has committed none here
 * @param endOffset the log end offset: the offset the next record written will get
 * @param lag records between the committed offset and the log end, empty without a commit
 * @param memberId the active member the partition is assigned to, if any
 */
public record PartitionOffsets(
    TopicPartition topicPartition,
    OptionalLong committed,
    long endOffset,
    OptionalLong lag,
    Optional<String> memberId) {

  /** Checks the values are given. */
  public PartitionOffsets {
    Objects.requireNonNull(topicPartition, "topicPartition");
    Objects.requireNonNull(committed, "committed");
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(memberId, "memberId");
  }
}
