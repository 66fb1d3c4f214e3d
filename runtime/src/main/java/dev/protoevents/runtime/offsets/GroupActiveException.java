package dev.protoevents.runtime.offsets;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when the offsets of a consumer group that has active members are to be reset: its members
 * would overwrite the new offsets with their next commit, so Kafka (and protoevents) only reset an
 * idle group. Stop the members (close their subscriptions) and try again.
 */
public final class GroupActiveException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The group. */
  private final String groupId;

  /** The active members when the reset was refused. */
  private final transient List<GroupMember> members;

  GroupActiveException(String groupId, List<GroupMember> members) {
    super(
        "cannot reset the offsets of consumer group "
            + groupId
            + ": it has "
            + members.size()
            + " active member(s): "
            + members
            + "; stop them (close their subscriptions) first; nothing was moved");
    this.groupId = Objects.requireNonNull(groupId, "groupId");
    this.members = List.copyOf(members);
  }

  /** The group whose reset was refused. */
  public String groupId() {
    return groupId;
  }

  /** Its active members when the reset was refused. */
  public List<GroupMember> members() {
    return members == null ? List.of() : members;
  }
}
