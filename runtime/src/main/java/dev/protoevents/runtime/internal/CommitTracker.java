package dev.protoevents.runtime.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Offsets a subscription has finished and which of them the broker has acknowledged. After each
 * handled batch the unacknowledged ones go out with {@code commitAsync}, at most once per commit
 * interval and with one request in flight at a time (a failed one is simply sent again with a later
 * batch); on revocation and close they go out with {@code commitSync}. Either way only offsets of
 * finished records are committed, so delivery stays at-least-once. Poll thread only: commit
 * callbacks run inside the consumer's calls on it.
 */
public final class CommitTracker {

  /** Tells the subscription about a failed commit (and about the next that succeeded). */
  public interface Observer {
    /** A commit failed with {@code error}. */
    void commitFailed(Exception error);

    /** A commit succeeded. */
    void commitSucceeded();
  }

  private final Consumer<?, ?> consumer;
  private final Observer observer;
  private final Map<TopicPartition, OffsetAndMetadata> latest = new HashMap<>();
  private final Map<TopicPartition, Long> acknowledged = new HashMap<>();
  private final long intervalNanos;
  private boolean inFlight;
  private long lastSent;

  /**
   * Tracks the commits of {@code consumer}, sending asynchronous ones no more often than every
   * {@code interval}.
   */
  public CommitTracker(Consumer<?, ?> consumer, Duration interval, Observer observer) {
    this.consumer = consumer;
    this.observer = observer;
    this.intervalNanos = interval.toNanos();
    this.lastSent = System.nanoTime() - intervalNanos;
  }

  /** The records of {@code partition} before {@code next} are done with. */
  public void finished(TopicPartition partition, OffsetAndMetadata next) {
    latest.put(partition, next);
  }

  /**
   * Sends what is not yet acknowledged, unless a commit is still in flight or the last one went out
   * less than the interval ago.
   */
  public void commitAsync() {
    if (inFlight || System.nanoTime() - lastSent < intervalNanos) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> pending = pending(partition -> true);
    if (pending.isEmpty()) {
      return;
    }
    inFlight = true;
    lastSent = System.nanoTime();
    consumer.commitAsync(
        pending,
        (offsets, error) -> {
          inFlight = false;
          if (error == null) {
            acknowledge(offsets);
            observer.commitSucceeded();
          } else {
            observer.commitFailed(error);
          }
        });
  }

  /**
   * Commits what is not yet acknowledged of {@code partitions} and waits for the answer, even if
   * {@code close()} has just woken the consumer.
   *
   * @throws org.apache.kafka.common.KafkaException as {@code commitSync} does; the offsets then
   *     stay pending
   */
  public void commitSync(Collection<TopicPartition> partitions, Duration timeout) {
    Map<TopicPartition, OffsetAndMetadata> pending = pending(partitions::contains);
    if (pending.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(pending, timeout);
    } catch (WakeupException e) {
      consumer.commitSync(pending, timeout);
    } catch (RuntimeException e) {
      observer.commitFailed(e);
      throw e;
    }
    acknowledge(pending);
    observer.commitSucceeded();
  }

  /** Commits everything pending; see {@link #commitSync(Collection, Duration)}. */
  public void commitAllSync(Duration timeout) {
    commitSync(latest.keySet(), timeout);
  }

  /**
   * How long until {@link #commitAsync} would send the finished offsets that wait, in milliseconds;
   * empty if none wait or a commit is in flight. The poll loop waits no longer.
   */
  public OptionalLong millisUntilDue() {
    if (inFlight || !hasPending()) {
      return OptionalLong.empty();
    }
    long nanos = lastSent + intervalNanos - System.nanoTime();
    return OptionalLong.of(Math.max(0, (nanos + 999_999) / 1_000_000));
  }

  /** True if finished offsets wait for a commit. */
  public boolean hasPending() {
    return !pending(partition -> true).isEmpty();
  }

  /** Forgets partitions this consumer no longer owns. */
  public void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      latest.remove(partition);
      acknowledged.remove(partition);
    }
  }

  /** The finished offsets not yet acknowledged, for logs. */
  public Map<TopicPartition, OffsetAndMetadata> pendingOffsets() {
    return pending(partition -> true);
  }

  private Map<TopicPartition, OffsetAndMetadata> pending(Predicate<TopicPartition> include) {
    Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : latest.entrySet()) {
      Long acked = acknowledged.get(entry.getKey());
      if (include.test(entry.getKey()) && (acked == null || acked < entry.getValue().offset())) {
        pending.put(entry.getKey(), entry.getValue());
      }
    }
    return pending;
  }

  private void acknowledge(Map<TopicPartition, OffsetAndMetadata> offsets) {
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
      if (latest.containsKey(entry.getKey())) {
        acknowledged.merge(entry.getKey(), entry.getValue().offset(), Math::max);
      }
    }
  }
}
