package dev.protoevents.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * Counters of one subscription since it started, for health checks and metrics.
 *
 * <pre>{@code
 * SubscriptionStats stats = subscription.stats();
 * log.info("handled {}, dead letters {}", stats.handled(), stats.deadLettered());
 * }</pre>
 *
 * @param handled events whose listener returned normally
 * @param retries failed attempts that were scheduled for a retry
 * @param deadLettered records written to the dead-letter topic
 * @param undeliverable records the retries and decoding gave up on (dead-lettered, handed to a
 *     user's handler, or stopped on)
 * @param unknown records of an event type this consumer does not know, handed to {@link
 *     EventListener#onUnknown}
 * @param unknownByType {@code unknown} by event type
 * @param rebalances how often the group assigned partitions to this subscription (1 after the first
 *     join; a higher number means rebalances)
 * @param generation the consumer group generation of the last assignment, -1 before the first
 * @param commitFailures offset commits that failed (each retried or handed to the next owner)
 */
public record SubscriptionStats(
    long handled,
    long retries,
    long deadLettered,
    long undeliverable,
    long unknown,
    Map<String, Long> unknownByType,
    long rebalances,
    int generation,
    long commitFailures) {

  /** Copies {@code unknownByType}. */
  public SubscriptionStats {
    unknownByType = Map.copyOf(Objects.requireNonNull(unknownByType, "unknownByType"));
  }
}
