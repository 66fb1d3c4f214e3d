package dev.protoevents.runtime.metrics.internal;

import dev.protoevents.runtime.restore.RestoreProgress;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/** Hooks of one state feed. Called on the feed's thread; {@link #close()} from any thread. */
public interface FeedMeters extends AutoCloseable {

  /**
   * Restore progress, after each poll while restoring and once at the catch-up; {@code progress} is
   * only called if something is recorded. A report with less done than the previous one starts a
   * new restore.
   */
  void restoreProgress(Supplier<RestoreProgress> progress);

  /** A handler failed and is retried. */
  void retried(String topic);

  /** An event of a type this code does not know. */
  void unknown(String topic, String eventType);

  /** After a poll: see {@link SubscriptionMeters#polled}. */
  void polled(Consumer<?, ?> consumer);

  /** Removes the feed's gauges; counters stay. Idempotent. */
  @Override
  void close();
}
