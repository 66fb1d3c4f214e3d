package dev.protoevents.runtime.restore;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a restore has come, overall and per topic. "Events" are counted in offsets between the
 * start offsets (a snapshot's, or the log start) and the end offsets captured when the restore
 * began; on a topic without transactions or compaction that is exactly the number of records.
 *
 * @param topics progress per topic, in the order the topics were added to the feed
 * @param done events applied so far
 * @param total events to apply in all
 * @param eventsPerSecond the rate since the restore began
 * @param remaining the estimated time left at that rate, empty while no rate is known
 * @param elapsed the time since the restore began
 * @param caughtUp true in the last report, once every partition has reached its end offset
 */
public record RestoreProgress(
    List<TopicProgress> topics,
    long done,
    long total,
    double eventsPerSecond,
    Optional<Duration> remaining,
    Duration elapsed,
    boolean caughtUp) {

  /** Checks that no component is null and keeps the list unmodifiable. */
  public RestoreProgress {
    topics = List.copyOf(topics);
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Done as a percentage of total, 100 when there is nothing to do. */
  public double percent() {
    return percent(done, total);
  }

  static double percent(long done, long total) {
    return total == 0 ? 100.0 : 100.0 * done / total;
  }

  /**
   * Progress of one topic.
   *
   * @param topic the topic name
   * @param done events of this topic applied so far
   * @param total events of this topic to apply
   * @param eventsPerSecond this topic's rate since the restore began
   * @param remaining the estimated time left for this topic
   */
  public record TopicProgress(
      String topic, long done, long total, double eventsPerSecond, Optional<Duration> remaining) {

    /** Checks that no component is null. */
    public TopicProgress {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(remaining, "remaining");
    }

    /** Done as a percentage of total, 100 when there is nothing to do. */
    public double percent() {
      return RestoreProgress.percent(done, total);
    }
  }
}
