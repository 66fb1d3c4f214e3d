package dev.protoevents.runtime.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns an {@link OffsetReset} into one target offset per partition, reading the log start, log end
 * and offsets-for-times from Kafka. It moves nothing itself: {@link ConsumerGroupOffsets} commits
 * its result for an idle group, and a running consumer seeks to it.
 *
 * <p>A running subscription resets itself on its own consumer thread, between two polls, in a few
 * lines (the consumer's methods must only be called on that thread):
 *
 * <pre>{@code
 * Map<TopicPartition, Long> positions = new HashMap<>();
 * for (TopicPartition partition : consumer.assignment()) {
 *   positions.put(partition, consumer.position(partition));
 * }
 * List<OffsetMove> moves = OffsetResolver.of(consumer, Duration.ofSeconds(30))
 *     .plan(consumer.assignment(), reset, positions);
 * moves.forEach(move -> consumer.seek(move.topicPartition(), move.to()));
 * // then commit the new positions, or let the next commit after handling do it
 * return moves;
 * }</pre>
 *
 * <p>Partitions not currently assigned to that consumer are the business of the member they are
 * assigned to; an explicit-offsets reset names its partitions, so pass {@code
 * consumer.assignment()} and only the assigned ones of them move.
 *
 * <p>On an admin, "latest" is the log end offset; a consumer with {@code
 * isolation.level=read_committed} answers the last stable offset instead, which is where such a
 * consumer can read to.
 *
 * <p>Not thread-safe when built on a consumer (neither is the consumer); thread-safe on an admin.
 */
public final class OffsetResolver {

  /** Timeout of {@link #of(Admin)}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  private final LogOffsets log;

  private OffsetResolver(LogOffsets log) {
    this.log = log;
  }

  /** A resolver reading offsets through {@code admin}, waiting at most a minute per request. */
  public static OffsetResolver of(Admin admin) {
    return of(admin, DEFAULT_TIMEOUT);
  }

  /** A resolver reading offsets through {@code admin}, waiting at most {@code timeout}. */
  public static OffsetResolver of(Admin admin, Duration timeout) {
    Objects.requireNonNull(admin, "admin");
    requirePositive(timeout);
    return new OffsetResolver(new AdminLogOffsets(admin, timeout));
  }

  /**
   * A resolver reading offsets through {@code consumer} (use it on the consumer's thread only),
   * waiting at most {@code timeout} per request.
   */
  public static OffsetResolver of(Consumer<?, ?> consumer, Duration timeout) {
    Objects.requireNonNull(consumer, "consumer");
    requirePositive(timeout);
    return new OffsetResolver(new ConsumerLogOffsets(consumer, timeout));
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
  }

  /**
   * The target offset of each of {@code partitions}, for resets that need no current offset (all
   * but {@link OffsetReset#shiftBy}).
   *
   * @see #resolve(Collection, OffsetReset, Map)
   */
  public Map<TopicPartition, Long> resolve(
      Collection<TopicPartition> partitions, OffsetReset reset) {
    return resolve(partitions, reset, Map.of());
  }

  /**
   * The target offset of each of {@code partitions}, sorted by topic and partition.
   *
   * <ul>
   *   <li>earliest: the log start offset; latest: the log end offset;
   *   <li>timestamp: the first offset whose record's timestamp is at or after it, or the log end if
   *       there is none;
   *   <li>explicit offsets: only the partitions among {@code partitions} that the reset names; each
   *       offset must lie in log start..log end;
   *   <li>shift: {@code current} plus the shift, clamped to log start..log end; every partition
   *       needs a current offset.
   * </ul>
   *
   * @param current the offset each partition is at now (a group's committed offset, a consumer's
   *     position); used by shifts only, absent partitions have none
   * @throws IllegalArgumentException naming every partition whose explicit offset is out of range,
   *     or that a shift cannot move because it has no current offset
   * @throws IllegalStateException if Kafka cannot answer (unknown partition, timeout)
   */
  public Map<TopicPartition, Long> resolve(
      Collection<TopicPartition> partitions, OffsetReset reset, Map<TopicPartition, Long> current) {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(current, "current");
    Set<TopicPartition> wanted = new TreeSet<>(Partitions.ORDER);
    for (TopicPartition partition : partitions) {
      wanted.add(Objects.requireNonNull(partition, "partitions contains null"));
    }
    if (reset instanceof OffsetReset.ToOffsets explicit) {
      wanted.retainAll(explicit.offsets().keySet());
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> targets;
    if (reset instanceof OffsetReset.Earliest) {
      targets = log.earliest(wanted);
    } else if (reset instanceof OffsetReset.Latest) {
      targets = log.latest(wanted);
    } else if (reset instanceof OffsetReset.ToTimestamp timestamp) {
      targets = forTimestamp(wanted, timestamp.epochMillis());
    } else if (reset instanceof OffsetReset.ToOffsets explicit) {
      targets = explicit(wanted, explicit.offsets());
    } else if (reset instanceof OffsetReset.ShiftBy shift) {
      targets = shifted(wanted, shift.delta(), current);
    } else {
      throw new IllegalArgumentException("unknown offset reset " + reset);
    }
    return sorted(wanted, targets);
  }

  /**
   * The moves that {@link #resolve(Collection, OffsetReset, Map) resolve} implies: for each target
   * partition, from its {@code current} offset (empty if absent) to its target, sorted by topic and
   * partition.
   */
  public List<OffsetMove> plan(
      Collection<TopicPartition> partitions, OffsetReset reset, Map<TopicPartition, Long> current) {
    List<OffsetMove> moves = new ArrayList<>();
    resolve(partitions, reset, current)
        .forEach(
            (partition, target) -> {
              Long from = current.get(partition);
              moves.add(
                  new OffsetMove(
                      partition,
                      from == null ? OptionalLong.empty() : OptionalLong.of(from),
                      target));
            });
    return List.copyOf(moves);
  }

  private Map<TopicPartition, Long> forTimestamp(Set<TopicPartition> partitions, long millis) {
    Map<TopicPartition, OptionalLong> found = log.atOrAfter(partitions, millis);
    Set<TopicPartition> none =
        partitions.stream()
            .filter(partition -> found.getOrDefault(partition, OptionalLong.empty()).isEmpty())
            .collect(Collectors.toSet());
    Map<TopicPartition, Long> ends = none.isEmpty() ? Map.of() : log.latest(none);
    Map<TopicPartition, Long> targets = new HashMap<>(ends);
    found.forEach((partition, offset) -> offset.ifPresent(value -> targets.put(partition, value)));
    return targets;
  }

  private Map<TopicPartition, Long> explicit(
      Set<TopicPartition> partitions, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, Long> starts = log.earliest(partitions);
    Map<TopicPartition, Long> ends = log.latest(partitions);
    List<String> outOfRange = new ArrayList<>();
    Map<TopicPartition, Long> targets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long offset = offsets.get(partition);
      long start = starts.get(partition);
      long end = ends.get(partition);
      if (offset < start || offset > end) {
        outOfRange.add(
            partition + " to " + offset + " (the log holds offsets " + start + ".." + end + ")");
      }
      targets.put(partition, offset);
    }
    if (!outOfRange.isEmpty()) {
      throw new IllegalArgumentException(
          "explicit offsets out of range, nothing was moved: cannot move "
              + String.join(", ", outOfRange)
              + "; an offset must lie between the partition's log start and log end offset");
    }
    return targets;
  }

  private Map<TopicPartition, Long> shifted(
      Set<TopicPartition> partitions, long delta, Map<TopicPartition, Long> current) {
    List<TopicPartition> without =
        partitions.stream().filter(partition -> current.get(partition) == null).toList();
    if (!without.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot shift by "
              + delta
              + ": no current offset for "
              + without
              + "; move them to the earliest, latest or explicit offsets first");
    }
    Map<TopicPartition, Long> starts = log.earliest(partitions);
    Map<TopicPartition, Long> ends = log.latest(partitions);
    Map<TopicPartition, Long> targets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long shifted = saturatedAdd(current.get(partition), delta);
      targets.put(
          partition, Math.max(starts.get(partition), Math.min(ends.get(partition), shifted)));
    }
    return targets;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  private static Map<TopicPartition, Long> sorted(
      Set<TopicPartition> partitions, Map<TopicPartition, Long> targets) {
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    for (TopicPartition partition : partitions) {
      Long target = targets.get(partition);
      if (target == null) {
        throw new IllegalStateException("Kafka returned no offset for " + partition);
      }
      result.put(partition, target);
    }
    return Collections.unmodifiableMap(result);
  }

  /** Where a partition's log starts and ends, and which offset a time falls on. */
  private interface LogOffsets {
    Map<TopicPartition, Long> earliest(Set<TopicPartition> partitions);

    Map<TopicPartition, Long> latest(Set<TopicPartition> partitions);

    /** The first offset at or after {@code millis}; empty where no record is that recent. */
    Map<TopicPartition, OptionalLong> atOrAfter(Set<TopicPartition> partitions, long millis);
  }

  private record AdminLogOffsets(Admin admin, Duration timeout) implements LogOffsets {

    @Override
    public Map<TopicPartition, Long> earliest(Set<TopicPartition> partitions) {
      return offsets(partitions, OffsetSpec.earliest(), "log start offsets");
    }

    @Override
    public Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) {
      return offsets(partitions, OffsetSpec.latest(), "log end offsets");
    }

    @Override
    public Map<TopicPartition, OptionalLong> atOrAfter(
        Set<TopicPartition> partitions, long millis) {
      Map<TopicPartition, ListOffsetsResultInfo> infos =
          list(partitions, OffsetSpec.forTimestamp(millis), "offsets at timestamp " + millis);
      Map<TopicPartition, OptionalLong> result = new HashMap<>();
      // Kafka answers -1 for a partition with no record at or after the timestamp
      infos.forEach(
          (partition, info) ->
              result.put(
                  partition,
                  info.offset() < 0 ? OptionalLong.empty() : OptionalLong.of(info.offset())));
      return result;
    }

    private Map<TopicPartition, Long> offsets(
        Set<TopicPartition> partitions, OffsetSpec spec, String what) {
      return list(partitions, spec, what).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private Map<TopicPartition, ListOffsetsResultInfo> list(
        Set<TopicPartition> partitions, OffsetSpec spec, String what) {
      Map<TopicPartition, OffsetSpec> request =
          partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec));
      return Partitions.await(
          admin.listOffsets(request).all(), timeout, "read " + what + " of " + partitions);
    }
  }

  private record ConsumerLogOffsets(Consumer<?, ?> consumer, Duration timeout)
      implements LogOffsets {

    @Override
    public Map<TopicPartition, Long> earliest(Set<TopicPartition> partitions) {
      return consumer.beginningOffsets(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) {
      return consumer.endOffsets(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, OptionalLong> atOrAfter(
        Set<TopicPartition> partitions, long millis) {
      Map<TopicPartition, Long> query =
          partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> millis));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
      Map<TopicPartition, OptionalLong> result = new HashMap<>();
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp hit = found.get(partition); // null: no record that recent
        result.put(partition, hit == null ? OptionalLong.empty() : OptionalLong.of(hit.offset()));
      }
      return result;
    }
  }
}
