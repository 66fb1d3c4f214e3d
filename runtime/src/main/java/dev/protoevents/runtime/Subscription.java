package dev.protoevents.runtime;

import dev.protoevents.runtime.offsets.OffsetMove;
import dev.protoevents.runtime.offsets.OffsetReset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running subscription of one handler to one topic. Closing it unsubscribes: the consumer
 * finishes the current event, commits what its handler has finished, leaves the group and its
 * thread ends.
 *
 * <pre>{@code
 * Subscription subscription = new OrderSubscriber(subscriber).subscribe(handler);
 * ...
 * subscription.close(Duration.ofSeconds(10));
 * }</pre>
 */
public interface Subscription extends AutoCloseable {
  /** The subscribed topic. */
  String topic();

  /** The consumer group. */
  String groupId();

  /**
   * Waits until the group has assigned partitions to this subscription, so that events published
   * from now on will reach it.
   *
   * @return true if partitions were assigned within {@code timeout}
   */
  boolean awaitAssignment(Duration timeout) throws InterruptedException;

  /** True until the subscription is asked to close or has stopped on a failure. */
  boolean isActive();

  /** What the subscription's thread is doing now; see {@link SubscriptionState}. */
  SubscriptionState state();

  /** Counters since the subscription started. */
  SubscriptionStats stats();

  /** The failure that stopped the subscription, if one did. */
  Optional<Throwable> failure();

  /**
   * Moves this subscription's partitions to the offsets {@code reset} names (earliest, latest, a
   * timestamp, explicit offsets, a shift) while it runs, to re-process from a point or skip ahead.
   * Runs on the subscription's thread between two events: every assigned partition (for explicit
   * offsets, every assigned one of those named) is sought there, and the new positions are
   * committed, so a rebalance or restart continues from them too. Partitions that other members of
   * the group own are theirs to move; to move a whole idle group, use {@link
   * dev.protoevents.runtime.offsets.ConsumerGroupOffsets}.
   *
   * @return completes with what moved from where to where, or exceptionally if the offsets cannot
   *     be resolved (for example an explicit offset outside the log) or the subscription has ended
   */
  CompletableFuture<List<OffsetMove>> resetOffsets(OffsetReset reset);

  /**
   * Unsubscribes: lets the listener finish its current event, commits, leaves the group and waits
   * up to {@code timeout} for all of it. If the listener is still busy then, its thread is
   * interrupted (the event is not committed) and this method returns; the thread then commits what
   * was finished and leaves the group on its own. Idempotent.
   */
  void close(Duration timeout);

  /**
   * {@link #close(Duration)} with the subscriber's {@link ProtoeventsConfig#CLOSE_TIMEOUT_MS} (30 s
   * by default).
   */
  @Override
  void close();

  /**
   * Waits up to {@code timeout} for the subscription's thread to end (after {@link #close} or a
   * failure).
   *
   * @return true if the thread has ended
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;
}
