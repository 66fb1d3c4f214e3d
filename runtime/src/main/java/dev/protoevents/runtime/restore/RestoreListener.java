package dev.protoevents.runtime.restore;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Hears what a {@link StateFeed} does while it restores: snapshots loaded or rejected, progress at
 * the feed's progress interval, the moment it caught up, and snapshots written. All methods run on
 * the feed's thread and should return quickly; an exception thrown here is logged and ignored.
 *
 * <pre>{@code
 * OrderTopic.feed(kafkaConfig, view)
 *     .listener(new RestoreListener() {
 *       public void onProgress(RestoreProgress p) { System.out.println(RestoreListener.describe(p)); }
 *     })
 *     .start();
 * }</pre>
 */
public interface RestoreListener {

  /** Logs each progress report and the catch-up as one INFO line (the feeds' default). */
  RestoreListener LOGGING = new LoggingRestoreListener();

  /** A restore is starting, from {@code snapshot} or, if it is null, from the log start. */
  default void onRestoreStarted(Snapshot snapshot) {}

  /** The stored snapshot {@code sequence} is damaged or unreadable and was skipped. */
  default void onSnapshotRejected(long sequence, Exception cause) {}

  /** Progress, every progress interval while restoring. */
  default void onProgress(RestoreProgress progress) {}

  /** The feed reached the end offsets captured at the start; live events follow. */
  default void onCaughtUp(RestoreProgress progress) {}

  /** A snapshot was saved. */
  default void onSnapshotWritten(Snapshot snapshot) {}

  /** One line: done of total, percent, rate and time left, overall and per topic. */
  static String describe(RestoreProgress progress) {
    String perTopic =
        progress.topics().size() <= 1
            ? ""
            : progress.topics().stream()
                .map(
                    topic ->
                        String.format(
                            Locale.ROOT,
                            "%s %d/%d (%.0f%%)",
                            topic.topic(),
                            topic.done(),
                            topic.total(),
                            topic.percent()))
                .collect(Collectors.joining(", ", "; ", ""));
    return String.format(
            Locale.ROOT,
            "%s %,d of %,d events (%.1f%%), %,.0f events/s, %s",
            progress.caughtUp() ? "restored" : "restoring",
            progress.done(),
            progress.total(),
            progress.percent(),
            progress.eventsPerSecond(),
            progress.caughtUp()
                ? "caught up in " + progress.elapsed().toMillis() + " ms"
                : progress
                    .remaining()
                    .map(left -> "about " + Math.max(1, left.toSeconds()) + " s left")
                    .orElse("time left unknown"))
        + perTopic;
  }
}
