package dev.protoevents.runtime.offsets;

import dev.protoevents.runtime.ProtoeventsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and moves the committed offsets of consumer groups through Kafka's admin API: the public
 * replacement of a "hard reset". A reset happens only while the group has no active member, as with
 * Kafka's own {@code kafka-consumer-groups --reset-offsets}; the group's next consumer then starts
 * exactly at the new offsets. Thread-safe.
 *
 * <pre>{@code
 * try (ConsumerGroupOffsets groups = ConsumerGroupOffsets.create(Map.of(
 *     "bootstrap.servers", servers))) {
 *   List<OffsetMove> moves = groups.reset("billing", List.of(OrderTopic.NAME),
 *       OffsetReset.earliest());
 *   GroupOffsets billing = groups.describe("billing");
 * }
 * }</pre>
 */
public final class ConsumerGroupOffsets implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsumerGroupOffsets.class);

  /** Upper bound of one admin round trip; the admin client's own timeouts normally hit first. */
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final Admin admin;
  private final boolean ownsAdmin;
  private final OffsetResolver resolver;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ConsumerGroupOffsets(Admin admin, boolean ownsAdmin) {
    this.admin = admin;
    this.ownsAdmin = ownsAdmin;
    this.resolver = OffsetResolver.of(admin, TIMEOUT);
  }

  /**
   * An instance with its own admin client, configured from plain Kafka admin client properties
   * ({@code bootstrap.servers} is required); {@link ProtoeventsConfig} settings in the same map are
   * checked and left out, so a service can pass its one configuration map everywhere. {@link
   * #close()} closes the admin client.
   *
   * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or a protoevents
   *     setting is unknown
   */
  public static ConsumerGroupOffsets create(Map<String, ?> kafkaConfig) {
    return new ConsumerGroupOffsets(
        Admin.create(ProtoeventsConfig.kafkaProperties(kafkaConfig)), true);
  }

  /** An instance on the caller's admin client, which {@link #close()} leaves open. */
  public static ConsumerGroupOffsets using(Admin admin) {
    return new ConsumerGroupOffsets(Objects.requireNonNull(admin, "admin"), false);
  }

  /**
   * Moves the committed offsets of {@code group} on every partition of {@code topics} (for {@link
   * OffsetReset#toOffsets}: on the partitions it names, which must belong to {@code topics}).
   *
   * @return the moves, sorted by topic and partition
   * @throws GroupActiveException if the group has an active member; nothing is moved
   * @see #reset(String, Collection, OffsetReset, ResetMode)
   */
  public List<OffsetMove> reset(String group, Collection<String> topics, OffsetReset reset) {
    return reset(group, topics, reset, ResetMode.EXECUTE);
  }

  /**
   * Moves (or, in {@link ResetMode#DRY_RUN}, only computes the moves of) the committed offsets of
   * {@code group} on every partition of {@code topics}; for {@link OffsetReset#toOffsets} on the
   * partitions it names, which must belong to {@code topics}. All targets are resolved and checked
   * first; if one is invalid, nothing is moved.
   *
   * <p>Like Kafka's tool, a dry run is refused for an active group too: it answers what the reset
   * would do now, and a reset would be refused.
   *
   * @return the moves, sorted by topic and partition; {@link OffsetMove#from()} is the group's
   *     committed offset before the reset, empty where it had none
   * @throws GroupActiveException if the group has an active member; nothing is moved
   * @throws IllegalArgumentException if a topic does not exist, an explicit offset names a
   *     partition outside {@code topics} or lies outside its log, or a shift meets a partition
   *     without a committed offset
   * @throws IllegalStateException if Kafka cannot be reached or refuses the commit
   */
  public List<OffsetMove> reset(
      String group, Collection<String> topics, OffsetReset reset, ResetMode mode) {
    requireGroup(group);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(mode, "mode");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("name at least one topic to reset group " + group + " on");
    }
    Set<String> topicSet = new TreeSet<>(topics);
    Set<TopicPartition> partitions = partitionsOf(topicSet);
    if (reset instanceof OffsetReset.ToOffsets explicit) {
      List<TopicPartition> foreign =
          explicit.offsets().keySet().stream()
              .filter(partition -> !partitions.contains(partition))
              .toList();
      if (!foreign.isEmpty()) {
        throw new IllegalArgumentException(
            "explicit offsets name "
                + foreign
                + ", which are not partitions of "
                + topicSet
                + "; nothing was moved");
      }
    }
    return resetPartitions(group, partitions, reset, mode);
  }

  /**
   * Like {@link #reset(String, Collection, OffsetReset, ResetMode)}, on chosen partitions (for
   * {@link OffsetReset#toOffsets}: those of them it names).
   */
  public List<OffsetMove> resetPartitions(
      String group, Collection<TopicPartition> partitions, OffsetReset reset, ResetMode mode) {
    requireGroup(group);
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(mode, "mode");
    requireOpen();
    requireIdle(group);
    Map<TopicPartition, Long> committed = committed(group, Optional.of(partitions));
    List<OffsetMove> moves = resolver.plan(partitions, reset, committed);
    if (mode == ResetMode.EXECUTE && !moves.isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
      moves.forEach(move -> commit.put(move.topicPartition(), new OffsetAndMetadata(move.to())));
      try {
        Partitions.await(
            admin.alterConsumerGroupOffsets(group, commit).all(),
            TIMEOUT,
            "commit offsets " + commit + " for consumer group " + group);
      } catch (IllegalStateException e) {
        // A member joined after the check: the coordinator refuses commits from outside then.
        List<GroupMember> members = members(group);
        if (!members.isEmpty()) {
          GroupActiveException active = new GroupActiveException(group, members);
          active.addSuppressed(e);
          throw active;
        }
        throw e;
      }
      log.info("reset consumer group {} to {}: {}", group, reset, moves);
    }
    return moves;
  }

  /**
   * The group's state, members and, for every partition it has committed an offset for or has
   * assigned, the committed offset, log end offset and lag. A group that does not exist is reported
   * with state {@code Dead} and no partitions.
   *
   * @throws IllegalStateException if Kafka cannot be reached
   */
  public GroupOffsets describe(String group) {
    requireGroup(group);
    requireOpen();
    Optional<ConsumerGroupDescription> description = describeGroup(group);
    List<GroupMember> members = description.map(ConsumerGroupOffsets::members).orElseGet(List::of);
    Map<TopicPartition, String> owners = new HashMap<>();
    members.forEach(member -> member.assignment().forEach(tp -> owners.put(tp, member.memberId())));
    Map<TopicPartition, Long> committed = committed(group, Optional.empty());
    Set<TopicPartition> partitions = new TreeSet<>(Partitions.ORDER);
    partitions.addAll(committed.keySet());
    partitions.addAll(owners.keySet());
    Map<TopicPartition, Long> ends = partitions.isEmpty() ? Map.of() : endOffsets(partitions);
    List<PartitionOffsets> rows = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Long offset = committed.get(partition);
      long end = ends.get(partition);
      rows.add(
          new PartitionOffsets(
              partition,
              offset == null ? OptionalLong.empty() : OptionalLong.of(offset),
              end,
              offset == null ? OptionalLong.empty() : OptionalLong.of(end - offset),
              Optional.ofNullable(owners.get(partition))));
    }
    String state = description.map(d -> d.groupState().toString()).orElse("Dead");
    return new GroupOffsets(group, state, members, rows);
  }

  private void requireIdle(String group) {
    List<GroupMember> members = members(group);
    if (!members.isEmpty()) {
      throw new GroupActiveException(group, members);
    }
  }

  private List<GroupMember> members(String group) {
    return describeGroup(group).map(ConsumerGroupOffsets::members).orElseGet(List::of);
  }

  private static List<GroupMember> members(ConsumerGroupDescription description) {
    List<GroupMember> members = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      members.add(
          new GroupMember(
              member.consumerId(),
              member.clientId(),
              member.host(),
              List.copyOf(member.assignment().topicPartitions())));
    }
    members.sort(Comparator.comparing(GroupMember::memberId));
    return members;
  }

  private Optional<ConsumerGroupDescription> describeGroup(String group) {
    try {
      return Optional.of(
          Partitions.await(
              admin.describeConsumerGroups(List.of(group)).describedGroups().get(group),
              TIMEOUT,
              "describe consumer group " + group));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The group's committed offsets; partitions without a commit are absent. */
  private Map<TopicPartition, Long> committed(
      String group, Optional<Collection<TopicPartition>> partitions) {
    ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec();
    partitions.ifPresent(spec::topicPartitions);
    Map<TopicPartition, OffsetAndMetadata> offsets =
        Partitions.await(
            admin
                .listConsumerGroupOffsets(Map.of(group, spec))
                .partitionsToOffsetAndMetadata(group),
            TIMEOUT,
            "read the committed offsets of consumer group " + group);
    Map<TopicPartition, Long> result = new TreeMap<>(Partitions.ORDER);
    offsets.forEach(
        (partition, offset) -> {
          if (offset != null) {
            result.put(partition, offset.offset());
          }
        });
    return result;
  }

  private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream()
            .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
    return Partitions.await(
            admin.listOffsets(request).all(), TIMEOUT, "read the log end offsets of " + partitions)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  private Set<TopicPartition> partitionsOf(Set<String> topics) {
    Map<String, TopicDescription> descriptions;
    try {
      descriptions =
          Partitions.await(
              admin.describeTopics(topics).allTopicNames(), TIMEOUT, "describe topics " + topics);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
        throw new IllegalArgumentException(
            "cannot reset offsets on " + topics + ": " + unknown.getMessage(), unknown);
      }
      throw e;
    }
    Set<TopicPartition> partitions = new TreeSet<>(Partitions.ORDER);
    descriptions.forEach(
        (topic, description) ->
            description
                .partitions()
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
    return partitions;
  }

  private static void requireGroup(String group) {
    Objects.requireNonNull(group, "group");
    if (group.isBlank()) {
      throw new IllegalArgumentException("consumer group id must not be blank");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("consumer group offsets are closed");
    }
  }

  /** Closes the admin client if {@link #create} made it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsAdmin) {
      admin.close(Duration.ofSeconds(30));
    }
  }
}
