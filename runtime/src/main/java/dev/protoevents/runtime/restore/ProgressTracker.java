package dev.protoevents.runtime.restore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts a restore's progress per partition between the start and end offsets. Feed thread only.
 */
final class ProgressTracker {

  private final Map<TopicPartition, Long> start;
  private final Map<TopicPartition, Long> end;
  private final Map<TopicPartition, Long> position;
  private final List<String> topics;
  private final long startedNanos;

  ProgressTracker(
      List<String> topics, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    this.topics = List.copyOf(topics);
    this.start = Map.copyOf(start);
    this.end = Map.copyOf(end);
    this.position = new LinkedHashMap<>(start);
    this.startedNanos = System.nanoTime();
  }

  /** The partition's next offset to apply is now {@code offset}. */
  void advance(TopicPartition partition, long offset) {
    position.merge(partition, offset, Math::max);
  }

  RestoreProgress progress(boolean caughtUp) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    List<RestoreProgress.TopicProgress> perTopic = new ArrayList<>();
    long done = 0;
    long total = 0;
    for (String topic : topics) {
      long topicDone = 0;
      long topicTotal = 0;
      for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
        TopicPartition partition = entry.getKey();
        if (partition.topic().equals(topic)) {
          long from = start.get(partition);
          long to = Math.max(from, entry.getValue());
          topicTotal += to - from;
          topicDone += Math.min(to, position.get(partition)) - from;
        }
      }
      double rate = topicDone / seconds;
      perTopic.add(
          new RestoreProgress.TopicProgress(
              topic, topicDone, topicTotal, rate, remaining(topicTotal - topicDone, rate)));
      done += topicDone;
      total += topicTotal;
    }
    double rate = done / seconds;
    return new RestoreProgress(
        perTopic, done, total, rate, remaining(total - done, rate), elapsed, caughtUp);
  }

  private static Optional<Duration> remaining(long left, double rate) {
    if (left <= 0) {
      return Optional.of(Duration.ZERO);
    }
    if (rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) (left / rate * 1000)));
  }
}
