package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.SubscriptionStats;
import dev.protoevents.runtime.metrics.internal.Metrics;
import dev.protoevents.runtime.metrics.internal.SubscriptionMeters;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The counters of one subscription: written by its poll thread, read by {@link #snapshot()} from
 * any thread. Every count goes through one method here, so this is where meters hook in.
 */
public final class DeliveryStats {

  private final SubscriptionMeters meters;

  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong undeliverable = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final Map<String, AtomicLong> unknownByType = new ConcurrentHashMap<>();
  private final AtomicLong rebalances = new AtomicLong();
  private final AtomicLong commitFailures = new AtomicLong();
  private volatile int generation = -1;

  /** Counters without meters. */
  public DeliveryStats() {
    this(Metrics.NOOP.subscription("", ""));
  }

  /** Counters that also count in {@code meters}. */
  public DeliveryStats(SubscriptionMeters meters) {
    this.meters = meters;
  }

  /** The listener returned normally for {@code count} more events. */
  public void handled(long count) {
    handled.addAndGet(count);
    meters.handled(count);
  }

  /** The listener failed; the record waits for another attempt. */
  public void retried() {
    retried.incrementAndGet();
    meters.retried();
  }

  /**
   * A record given up on was written to the dead-letter topic (it counts as undeliverable too);
   * {@code reason} as in its headers.
   */
  public void deadLettered(String reason) {
    meters.deadLettered(reason);
    deadLettered.incrementAndGet();
    undeliverable.incrementAndGet();
  }

  /** A record was given up on (handed to the handler, or stopping the subscription). */
  public void undeliverable() {
    undeliverable.incrementAndGet();
  }

  /**
   * A record of an event type the decoder does not know.
   *
   * @return true the first time {@code type} is seen
   */
  public boolean unknown(String type) {
    unknown.incrementAndGet();
    meters.unknown(type);
    return unknownByType.computeIfAbsent(type, t -> new AtomicLong()).getAndIncrement() == 0;
  }

  /** After each poll: brings the lag gauges up to date now and then. Poll thread only. */
  public void polled(Consumer<?, ?> consumer) {
    meters.polled(consumer);
  }

  /** The group gave this member partitions, in {@code newGeneration}. */
  public void rebalanced(int newGeneration) {
    rebalances.incrementAndGet();
    generation = newGeneration;
  }

  /** A commit failed. */
  public void commitFailed() {
    commitFailures.incrementAndGet();
  }

  /** The counts as of now. */
  public SubscriptionStats snapshot() {
    Map<String, Long> byType = new HashMap<>();
    unknownByType.forEach((type, count) -> byType.put(type, count.get()));
    return new SubscriptionStats(
        handled.get(),
        retried.get(),
        deadLettered.get(),
        undeliverable.get(),
        unknown.get(),
        byType,
        rebalances.get(),
        generation,
        commitFailures.get());
  }
}
