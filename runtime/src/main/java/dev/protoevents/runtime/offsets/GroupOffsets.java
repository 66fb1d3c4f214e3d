package dev.protoevents.runtime.offsets;

import java.util.List;
import java.util.Objects;

/**
 * A consumer group's state, members and per-partition offsets, as returned by {@link
 * ConsumerGroupOffsets#describe}.
 *
 * <pre>{@code
 * GroupOffsets billing = groups.describe("billing");
 * log.info("billing is {} with lag {}", billing.state(), billing.totalLag());
 * }</pre>
 *
 * @param groupId the group
 * @param state the coordinator's name of the group state ({@code Stable}, {@code Empty}, {@code
 *     Dead} for a group that does not exist, ...)
 * @param members the active members; empty when nobody consumes in the group
 * @param partitions every partition the group has committed an offset for or has assigned, sorted
 *     by topic and partition
 */
public record GroupOffsets(
    String groupId, String state, List<GroupMember> members, List<PartitionOffsets> partitions) {

  /** Checks the values and copies the lists. */
  public GroupOffsets {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(state, "state");
    members = List.copyOf(members);
    partitions = List.copyOf(partitions);
  }

  /** The sum of the lag of every partition with a committed offset. */
  public long totalLag() {
    return partitions.stream().mapToLong(partition -> partition.lag().orElse(0)).sum();
  }
}
