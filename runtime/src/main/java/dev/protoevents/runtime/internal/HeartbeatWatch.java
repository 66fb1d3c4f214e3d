package dev.protoevents.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices an unreachable broker while nothing else talks to it (no events, no commits): the
 * consumer's background thread heartbeats the group coordinator every {@code
 * heartbeat.interval.ms}, and its metric {@code heartbeat-total} counts the answers; when it has
 * not grown for a while, the coordinator cannot be reached. Poll thread only.
 */
public final class HeartbeatWatch {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatWatch.class);

  /** How often the loop looks at the consumer's heartbeat metric. */
  private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Heartbeats unanswered this long (or 3 intervals if longer) mean the broker is away. */
  private static final double MIN_SILENCE_SECONDS = 10;

  private final Consumer<?, ?> consumer;
  private final SubscriptionStatus status;
  private final String groupId;
  private final String topic;
  private final Duration heartbeatInterval;
  private boolean watching;
  private MetricName metricName;
  private long nextCheck = System.nanoTime();
  private double answered = -1;
  private long lastAnswer = System.nanoTime();

  /** Watches the heartbeats of {@code consumer}, reporting to {@code status}. */
  public HeartbeatWatch(
      Consumer<?, ?> consumer, SubscriptionStatus status, SubscriptionSettings settings) {
    this.consumer = consumer;
    this.status = status;
    this.groupId = settings.groupId();
    this.topic = settings.topic();
    this.heartbeatInterval = settings.heartbeatInterval();
  }

  /** The group has assigned partitions: heartbeats count from now. */
  public void assigned() {
    watching = true;
    lastAnswer = System.nanoTime();
  }

  /** Looks at the metric (at most once a second) and sets or clears the HEARTBEAT trouble. */
  public void check() {
    long now = System.nanoTime();
    if (!watching || now - nextCheck < 0) {
      return;
    }
    nextCheck = now + CHECK_NANOS;
    Map<MetricName, ? extends Metric> metrics = consumer.metrics();
    if (metricName == null) {
      metricName =
          metrics.keySet().stream()
              .filter(name -> name.name().equals("heartbeat-total"))
              .findFirst()
              .orElse(null);
      if (metricName == null) {
        return;
      }
    }
    Metric metric = metrics.get(metricName);
    if (metric == null || !(metric.metricValue() instanceof Number total)) {
      return;
    }
    if (total.doubleValue() != answered) {
      answered = total.doubleValue();
      lastAnswer = now;
      status.trouble(SubscriptionStatus.Trouble.HEARTBEAT, false);
      return;
    }
    double silenceSeconds =
        Math.max(MIN_SILENCE_SECONDS, 3 * heartbeatInterval.toMillis() / 1000.0);
    long silentNanos = now - lastAnswer;
    if (silentNanos > silenceSeconds * 1e9 && !status.has(SubscriptionStatus.Trouble.HEARTBEAT)) {
      status.trouble(SubscriptionStatus.Trouble.HEARTBEAT, true);
      log.warn(
          "group {} on {} has had no answer from its coordinator for {} ms",
          groupId,
          topic,
          TimeUnit.NANOSECONDS.toMillis(silentNanos));
    }
  }
}
