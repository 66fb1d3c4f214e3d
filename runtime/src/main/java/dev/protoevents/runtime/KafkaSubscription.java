package dev.protoevents.runtime;

import dev.protoevents.runtime.internal.IncomingRecords;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a consumer of its own, polled on a thread of its own, that decodes each record,
 * hands it to the listener (retrying with backoff) and commits only what the listener has finished.
 *
 * <p>Only the subscription's thread touches the consumer, except for {@link Consumer#wakeup()},
 * which {@link #close()} uses to cut a poll short.
 */
final class KafkaSubscription<E> implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);

  /** Poll as long as possible: close() wakes the consumer, so this does not delay shutdown. */
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

  private final String topic;
  private final String groupId;
  private final Consumer<String, byte[]> consumer;
  private final EventDecoder<? extends E> decoder;
  private final EventListener<E> listener;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final UndeliverableRecordHandler undeliverable;
  private final java.util.function.Consumer<KafkaSubscription<?>> onTerminated;
  private final Thread thread;

  private final AtomicBoolean closing = new AtomicBoolean();

  /** Counted down by close(), so that a retry backoff ends at once. */
  private final CountDownLatch closeRequested = new CountDownLatch(1);

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object stateLock = new Object();
  private boolean assigned; // guarded by stateLock
  private boolean terminated; // guarded by stateLock

  /**
   * Next offset to commit per partition, for records the listener has finished. Poll thread only.
   */
  private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();

  KafkaSubscription(
      String topic,
      String groupId,
      String threadName,
      Consumer<String, byte[]> consumer,
      EventDecoder<? extends E> decoder,
      EventListener<E> listener,
      ProtoeventsConfig.RetryPolicy retryPolicy,
      UndeliverableRecordHandler undeliverable,
      java.util.function.Consumer<KafkaSubscription<?>> onTerminated) {
    this.topic = topic;
    this.groupId = groupId;
    this.consumer = consumer;
    this.decoder = decoder;
    this.listener = listener;
    this.retryPolicy = retryPolicy;
    this.undeliverable = undeliverable;
    this.onTerminated = onTerminated;
    // Not a daemon: like a server's request threads, a subscription is the service's work, and
    // ends with close(), not when main() returns.
    this.thread = new Thread(this::run, threadName);
  }

  void start() {
    thread.start();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String groupId() {
    return groupId;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateLock) {
      while (!assigned && !terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(stateLock, remaining);
      }
      return assigned && !terminated;
    }
  }

  @Override
  public boolean isActive() {
    synchronized (stateLock) {
      return !terminated && !closing.get();
    }
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Called from the listener, it returns at once and the subscription ends as soon as the
   * listener returns (committing that event if it returns normally). If the calling thread is
   * interrupted while waiting, it stops waiting and keeps its interrupt status.
   */
  @Override
  public void close() {
    requestClose();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the poll loop to stop after the current event, without waiting for it. */
  void requestClose() {
    if (closing.compareAndSet(false, true)) {
      closeRequested.countDown();
      // Exactly one wakeup: a second one could hit the final commit after the first was consumed.
      consumer.wakeup();
    }
  }

  boolean runsOnCurrentThread() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    ConsumerRecord<String, byte[]> current = null;
    try {
      consumer.subscribe(List.of(topic), new RebalanceListener());
      boolean go = true;
      while (go && !closing.get()) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          continue; // only close() wakes the consumer; the loop condition ends it
        }
        batch:
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
            if (closing.get()) {
              go = false;
              break batch;
            }
            current = record;
            if (!deliver(record)) {
              go = false;
              break batch;
            }
            current = null;
            finished.put(
                partition, new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
          }
        }
        commitFinished();
      }
    } catch (Throwable t) {
      // Errors from the listener and unexpected consumer failures: stop rather than skip.
      stopOnFailure(current, t);
    } finally {
      try {
        commitFinished();
      } catch (RuntimeException e) {
        log.warn(
            "could not commit finished offsets of group {} on topic {} while stopping; "
                + "those events will be delivered again",
            groupId,
            topic,
            e);
      }
      try {
        consumer.close();
      } catch (RuntimeException e) {
        log.warn("could not close the consumer of group {} on topic {}", groupId, topic, e);
      }
      synchronized (stateLock) {
        terminated = true;
        stateLock.notifyAll();
      }
      onTerminated.accept(this);
    }
  }

  /**
   * Decodes {@code record} and hands it to the listener, retrying the listener with backoff.
   *
   * @return true if the record is done with and its offset may be committed; false if the
   *     subscription must stop before it (closed during a retry, or undeliverable)
   */
  private boolean deliver(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    E event;
    try {
      IncomingEvent incoming = toIncomingEvent(record);
      event = decoder.decode(incoming);
      if (event == null) {
        throw new EventDecodingException(
            "the decoder returned no event for " + incoming.describe());
      }
    } catch (EventDecodingException | RuntimeException e) {
      return undeliverable(record, e, "cannot be decoded");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        listener.onEvent(event);
        return true;
      } catch (Exception e) {
        if (attempt >= retryPolicy.maxAttempts()) {
          return undeliverable(
              record, e, "failed in the listener " + attempt + " times, the retry limit");
        }
        long backoff = retryPolicy.backoffAfter(attempt);
        log.warn(
            "listener of group {} failed on {} (attempt {} of {}); retrying in {} ms",
            groupId,
            coordinates(record),
            attempt,
            retryPolicy.maxAttempts(),
            backoff,
            e);
        if (closeRequested.await(backoff, TimeUnit.MILLISECONDS)) {
          return false; // closed while waiting: leave the event uncommitted for the next owner
        }
      }
    }
  }

  private boolean undeliverable(
      ConsumerRecord<String, byte[]> record, Throwable cause, String why) {
    if (undeliverable.handle(record, cause)) {
      log.warn("{} {}; handed over, continuing after it", coordinates(record), why, cause);
      return true;
    }
    failure.compareAndSet(null, cause);
    log.error(
        "subscription of group {} to {} stopped: {} (key '{}') {}; nothing from this offset on is"
            + " committed",
        groupId,
        topic,
        coordinates(record),
        record.key(),
        why,
        cause);
    return false;
  }

  private void stopOnFailure(ConsumerRecord<String, byte[]> record, Throwable cause) {
    failure.compareAndSet(null, cause);
    if (record == null) {
      log.error("subscription of group {} to {} stopped on a failure", groupId, topic, cause);
    } else {
      log.error(
          "subscription of group {} to {} stopped on a failure while handling {} (key '{}');"
              + " nothing from this offset on is committed",
          groupId,
          topic,
          coordinates(record),
          record.key(),
          cause);
    }
  }

  private void commitFinished() {
    if (finished.isEmpty()) {
      return;
    }
    try {
      commitSync(new HashMap<>(finished));
      finished.clear();
    } catch (RebalanceInProgressException e) {
      // Kept: the rebalance's revocation callback commits them during the next poll or close.
      log.debug("commit of group {} postponed by a rebalance", groupId);
    } catch (CommitFailedException e) {
      log.warn(
          "group {} rebalanced before offsets {} could be committed; the partitions' new owner"
              + " receives those events again",
          groupId,
          finished,
          e);
      finished.clear();
    }
  }

  /** Commits synchronously even if close() has just woken the consumer. */
  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      consumer.commitSync(offsets);
    }
  }

  /** Builds the undecoded event from a record, through the envelope. */
  static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return IncomingRecords.toIncomingEvent(record);
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  @Override
  public String toString() {
    return "Subscription[" + thread.getName() + (isActive() ? "]" : ", inactive]");
  }

  /** Commits on revocation and records the assignment for awaitAssignment(). Poll thread only. */
  private final class RebalanceListener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = finished.remove(partition);
        if (offset != null) {
          revoked.put(partition, offset);
        }
      }
      if (revoked.isEmpty()) {
        return;
      }
      try {
        commitSync(revoked);
      } catch (CommitFailedException | RebalanceInProgressException e) {
        log.warn(
            "group {} could not commit {} on revocation; the new owner receives those events"
                + " again",
            groupId,
            revoked,
            e);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another member owns them already; committing now would fail or overwrite its progress.
      partitions.forEach(finished::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // Resolve the start offsets now (committed, or auto.offset.reset): then "assigned" really
      // means that events published from here on reach this subscription, even with "latest".
      for (TopicPartition partition : partitions) {
        consumer.position(partition);
      }
      synchronized (stateLock) {
        assigned = true;
        stateLock.notifyAll();
      }
    }
  }
}
