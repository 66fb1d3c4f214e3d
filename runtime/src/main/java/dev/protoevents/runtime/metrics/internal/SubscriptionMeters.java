package dev.protoevents.runtime.metrics.internal;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Hooks of one subscription, resolved once when it starts, so no hook looks anything up per record.
 * Called on the subscription's thread; {@link #close()} from any thread.
 */
public interface SubscriptionMeters extends AutoCloseable {

  /** A start time for {@link #callEnded}; 0 if nothing is timed. */
  long callStarted();

  /** A listener call that began at {@code start} returned or threw. */
  void callEnded(long start);

  /** The listener returned normally for {@code count} more events. */
  void handled(long count);

  /** A failed attempt was scheduled for a retry. */
  void retried();

  /** A record was written to the dead-letter topic; {@code reason} as in its headers. */
  void deadLettered(String reason);

  /** An event of a type this code does not know. */
  void unknown(String eventType);

  /**
   * After a poll: updates the lag of the consumer's partitions, at most about once a second (a
   * clock read otherwise). Poll thread only.
   */
  void polled(Consumer<?, ?> consumer);

  /** Removes the lag gauges; counters stay. Idempotent. */
  @Override
  void close();
}
