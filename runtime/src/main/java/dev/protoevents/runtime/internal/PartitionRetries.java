package dev.protoevents.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Which record of each partition waits for a retry, after how many attempts, and when the partition
 * may resume. A failed record's partition is paused and its position sought back to the record, so
 * the consumer keeps polling (and stays in the group) during the backoff; when the backoff is over
 * the partition resumes and the next poll returns the record again. Poll thread only.
 */
public final class PartitionRetries {

  /** One record waiting for its next attempt. */
  private record Waiting(long offset, int attempts, long dueNanos, Throwable lastCause) {}

  private final Map<TopicPartition, Waiting> waiting = new HashMap<>();

  /** Partitions paused for a backoff that has not ended yet. */
  private final Set<TopicPartition> paused = new HashSet<>();

  /** Records that {@code attempts} attempts of the record at {@code offset} failed. */
  public void schedule(
      TopicPartition partition, long offset, int attempts, long backoffMillis, Throwable cause) {
    long backoff = Math.min(TimeUnit.MILLISECONDS.toNanos(backoffMillis), Long.MAX_VALUE / 4);
    waiting.put(partition, new Waiting(offset, attempts, System.nanoTime() + backoff, cause));
    paused.add(partition);
  }

  /**
   * Attempts already made of the record at {@code offset} of {@code partition}: 0 unless it is the
   * record that waits for a retry.
   */
  public int attemptsBefore(TopicPartition partition, long offset) {
    Waiting entry = waiting.get(partition);
    return entry != null && entry.offset() == offset ? entry.attempts() : 0;
  }

  /** The cause of the last failed attempt of the record at {@code offset}, if it is waiting. */
  public Throwable lastCause(TopicPartition partition, long offset) {
    Waiting entry = waiting.get(partition);
    return entry != null && entry.offset() == offset ? entry.lastCause() : null;
  }

  /** The record of {@code partition} is done with (handled or given up on). */
  public void done(TopicPartition partition) {
    if (waiting.isEmpty()) {
      return; // nothing waits (paused partitions always wait too): the usual case, kept cheap
    }
    waiting.remove(partition);
    paused.remove(partition);
  }

  /** Forgets partitions this consumer no longer owns. */
  public void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      done(partition);
    }
  }

  /**
   * Partitions whose backoff is over, each returned once: the caller resumes them. Their attempt
   * counts stay until {@link #done}.
   */
  public List<TopicPartition> takeDue() {
    long now = System.nanoTime();
    List<TopicPartition> due = new ArrayList<>();
    for (TopicPartition partition : paused) {
      if (now - waiting.get(partition).dueNanos() >= 0) {
        due.add(partition);
      }
    }
    due.forEach(paused::remove);
    return due;
  }

  /** Milliseconds until the next backoff ends, if a partition is paused. */
  public OptionalLong millisUntilNextDue() {
    long now = System.nanoTime();
    return paused.stream()
        .mapToLong(
            partition ->
                Math.max(0, (waiting.get(partition).dueNanos() - now + 999_999) / 1_000_000))
        .min();
  }

  /** True if a partition is paused for a backoff. */
  public boolean anyPaused() {
    return !paused.isEmpty();
  }
}
