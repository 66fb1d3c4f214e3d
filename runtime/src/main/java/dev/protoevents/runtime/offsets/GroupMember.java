package dev.protoevents.runtime.offsets;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * An active member of a consumer group, as the group coordinator reports it.
 *
 * @param memberId the member id the coordinator gave the consumer
 * @param clientId the consumer's {@code client.id}
 * @param host the host the consumer connects from
 * @param assignment the partitions assigned to it, sorted by topic and partition
 */
public record GroupMember(
    String memberId, String clientId, String host, List<TopicPartition> assignment) {

  /** Checks the values and copies the assignment. */
  public GroupMember {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(host, "host");
    assignment = assignment.stream().sorted(Partitions.ORDER).toList();
  }

  @Override
  public String toString() {
    return memberId + " (client " + clientId + " on " + host + ")";
  }
}
