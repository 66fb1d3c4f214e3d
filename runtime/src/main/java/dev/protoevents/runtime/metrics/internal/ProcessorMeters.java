package dev.protoevents.runtime.metrics.internal;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Hooks of one processor. Its counts are read from its stats when the registry is read, so the
 * processing path has no hook but {@link #polled}. Poll thread; {@link #close()} from any thread.
 */
public interface ProcessorMeters extends AutoCloseable {

  /** After a poll: see {@link SubscriptionMeters#polled}. */
  void polled(Consumer<?, ?> consumer);

  /** Removes the processor's meters. Idempotent. */
  @Override
  void close();
}
