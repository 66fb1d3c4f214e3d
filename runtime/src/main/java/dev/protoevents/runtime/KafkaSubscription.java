package dev.protoevents.runtime;

import dev.protoevents.runtime.internal.DeliveryStats;
import dev.protoevents.runtime.internal.IncomingRecords;
import dev.protoevents.runtime.internal.PollLoop;
import dev.protoevents.runtime.internal.SubscriptionSettings;
import dev.protoevents.runtime.internal.SubscriptionStatus;
import dev.protoevents.runtime.offsets.OffsetMove;
import dev.protoevents.runtime.offsets.OffsetReset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a consumer of its own, polled on a thread of its own, running the pipeline
 * subscribe → decode → dispatch → commit. This class is the handle the caller holds (state, stats,
 * close, resets); the pipeline lives in the internal package, one class per step: {@link PollLoop}
 * subscribes and polls, {@code RecordDecoding} decodes, {@code RecordDispatcher} dispatches (and
 * retries, dead-letters or skips unknown types), {@code CommitTracker} commits.
 *
 * <p>Only the subscription's thread touches the consumer, except for {@link Consumer#wakeup()},
 * which {@link #close()} uses to cut a poll short. A failed event does not block the thread: its
 * partition is sought back to it and paused for the backoff, and the thread keeps polling the other
 * partitions, so {@code max.poll.interval.ms} is never exceeded by a backoff. Finished offsets go
 * out with {@code commitAsync} after each batch and {@code commitSync} on revocation and close.
 * Timeouts of the broker never end it: it says {@link SubscriptionState#DEGRADED} and tries again.
 */
final class KafkaSubscription<E> implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);

  private final SubscriptionSettings settings;
  private final SubscriptionStatus status;
  private final DeliveryStats stats = new DeliveryStats();
  private final PollLoop<E> loop;
  private final Thread thread;

  KafkaSubscription(
      SubscriptionSettings settings,
      Consumer<String, byte[]> consumer,
      EventDecoder<? extends E> decoder,
      EventListener<E> listener,
      java.util.function.Consumer<KafkaSubscription<?>> onTerminated) {
    this.settings = settings;
    this.status =
        new SubscriptionStatus(
            this, settings.groupId(), settings.topic(), settings.stateListener());
    this.loop =
        new PollLoop<>(
            settings, consumer, decoder, listener, status, stats, () -> onTerminated.accept(this));
    // Not a daemon: like a server's request threads, a subscription is the service's work, and
    // ends with close(), not when main() returns.
    this.thread = new Thread(loop, settings.threadName());
  }

  void start() {
    thread.start();
  }

  @Override
  public String topic() {
    return settings.topic();
  }

  @Override
  public String groupId() {
    return settings.groupId();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns once the group has given this subscription its share of the topic (possibly no
   * partitions, if the group has more members than the topic has partitions) and the starting
   * offsets are known; false if the subscription has stopped or the time ran out.
   */
  @Override
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return status.awaitAssigned(timeout);
  }

  @Override
  public boolean isActive() {
    return !status.closing() && !status.state().isTerminal();
  }

  @Override
  public SubscriptionState state() {
    return status.state();
  }

  @Override
  public SubscriptionStats stats() {
    return stats.snapshot();
  }

  @Override
  public Optional<Throwable> failure() {
    return status.failure();
  }

  @Override
  public void close() {
    close(settings.closeTimeout());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Called from the listener, it returns at once and the subscription ends as soon as the
   * listener returns (committing that event if it returns normally). If the calling thread is
   * interrupted while waiting, it stops waiting and keeps its interrupt status.
   */
  @Override
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    requestClose(timeout);
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!awaitTermination(timeout)) {
        interruptListener(timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long millis = Math.max(1, timeout.toMillis());
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Asks the poll loop to stop after the current event, without waiting for it. */
  void requestClose(Duration timeout) {
    if (status.requestClose(timeout)) {
      // Exactly one wakeup: a second one could hit the final commit after the first was consumed.
      loop.wakeup();
      status.set(SubscriptionState.STOPPING);
    }
  }

  /** Interrupts the thread if it is still running: the close timeout has passed. */
  void interruptListener(Duration timeout) {
    if (thread.isAlive()) {
      log.warn(
          "subscription of group {} to {} did not finish its current event within {}; interrupting"
              + " its listener (the event is not committed)",
          settings.groupId(),
          settings.topic(),
          timeout);
      thread.interrupt();
    }
  }

  boolean runsOnCurrentThread() {
    return Thread.currentThread() == thread;
  }

  @Override
  public CompletableFuture<List<OffsetMove>> resetOffsets(OffsetReset reset) {
    Objects.requireNonNull(reset, "reset");
    return loop.resetOffsets(reset);
  }

  /** Builds the undecoded event of a first delivery attempt. */
  static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return IncomingRecords.toIncomingEvent(record, 1);
  }

  @Override
  public String toString() {
    return "Subscription[" + thread.getName() + ", " + status.state() + "]";
  }
}
