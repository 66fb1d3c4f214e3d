package dev.protoevents.runtime.offsets;

/**
 * Whether {@link ConsumerGroupOffsets} commits a reset or only reports what it would move, like the
 * {@code --execute} and {@code --dry-run} options of Kafka's {@code kafka-consumer-groups}.
 */
public enum ResetMode {
  /** Commit the new offsets. */
  EXECUTE,
  /** Compute and return the moves, commit nothing. */
  DRY_RUN
}
