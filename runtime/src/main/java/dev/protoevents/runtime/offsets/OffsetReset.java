package dev.protoevents.runtime.offsets;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Where to move a consumer: the earliest or latest offset, the first record at or after a time,
 * explicit offsets, or a shift of the current offset. Resolved into offsets per partition by {@link
 * OffsetResolver}.
 *
 * <pre>{@code
 * groups.reset("billing", List.of(OrderTopic.NAME), OffsetReset.toTimestamp(Instant.parse(
 *     "2026-11-28T09:00:00Z")));
 * }</pre>
 */
public sealed interface OffsetReset
    permits OffsetReset.Earliest,
        OffsetReset.Latest,
        OffsetReset.ToTimestamp,
        OffsetReset.ToOffsets,
        OffsetReset.ShiftBy {

  /** The log start offset of each partition: the oldest record still kept. */
  static OffsetReset earliest() {
    return Earliest.INSTANCE;
  }

  /** The log end offset of each partition: only records written from now on are read. */
  static OffsetReset latest() {
    return Latest.INSTANCE;
  }

  /**
   * The first record whose timestamp is at or after {@code time}; a partition with no such record
   * goes to its end, as Kafka's {@code kafka-consumer-groups --reset-offsets --to-datetime} does.
   */
  static OffsetReset toTimestamp(Instant time) {
    return new ToTimestamp(time);
  }

  /**
   * These offsets, per partition; each must lie between the partition's log start and log end (both
   * included). Only the named partitions are moved.
   */
  static OffsetReset toOffsets(Map<TopicPartition, Long> offsets) {
    return new ToOffsets(offsets);
  }

  /**
   * The current offset plus {@code delta} (negative: back), clamped to the log start and end. Needs
   * a current offset: a group's committed one, a running consumer's position.
   */
  static OffsetReset shiftBy(long delta) {
    return new ShiftBy(delta);
  }

  /** See {@link #earliest()}. */
  enum Earliest implements OffsetReset {
    /** The only value. */
    INSTANCE;

    @Override
    public String toString() {
      return "earliest";
    }
  }

  /** See {@link #latest()}. */
  enum Latest implements OffsetReset {
    /** The only value. */
    INSTANCE;

    @Override
    public String toString() {
      return "latest";
    }
  }

  /**
   * See {@link #toTimestamp(Instant)}.
   *
   * @param time the time; records carry millisecond timestamps, so finer parts are cut off
   */
  record ToTimestamp(Instant time) implements OffsetReset {
    /** Checks that {@code time} is given. */
    public ToTimestamp {
      Objects.requireNonNull(time, "time");
    }

    /** The time in epoch milliseconds, as Kafka's offsets-for-times lookup takes it. */
    public long epochMillis() {
      return time.toEpochMilli();
    }

    @Override
    public String toString() {
      return "timestamp " + time;
    }
  }

  /**
   * See {@link #toOffsets(Map)}.
   *
   * @param offsets target offset per partition, sorted by topic and partition
   */
  record ToOffsets(Map<TopicPartition, Long> offsets) implements OffsetReset {
    /** Checks the offsets (at least one, none negative) and copies them. */
    public ToOffsets {
      Objects.requireNonNull(offsets, "offsets");
      if (offsets.isEmpty()) {
        throw new IllegalArgumentException("explicit offsets must name at least one partition");
      }
      Map<TopicPartition, Long> sorted = new LinkedHashMap<>();
      offsets.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Partitions.ORDER))
          .forEach(
              entry -> {
                TopicPartition partition = Objects.requireNonNull(entry.getKey(), "partition");
                Long offset = entry.getValue();
                if (offset == null || offset < 0) {
                  throw new IllegalArgumentException(
                      "offset for " + partition + " must be >= 0 but was " + offset);
                }
                sorted.put(partition, offset);
              });
      offsets = Collections.unmodifiableMap(sorted);
    }

    @Override
    public String toString() {
      return "offsets " + offsets;
    }
  }

  /**
   * See {@link #shiftBy(long)}.
   *
   * @param delta records to move forward (positive) or back (negative)
   */
  record ShiftBy(long delta) implements OffsetReset {
    @Override
    public String toString() {
      return "shift by " + delta;
    }
  }
}
