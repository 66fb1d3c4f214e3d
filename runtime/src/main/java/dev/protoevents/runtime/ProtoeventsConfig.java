package dev.protoevents.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Settings of protoevents itself. They go into the same map as the Kafka client properties given to
 * {@link EventPublisher#create}, {@link EventSubscriber#create} and {@link TopicAdmin#create};
 * every key starts with {@value #PREFIX} and is removed before the map reaches Kafka. An unknown
 * {@value #PREFIX} key is rejected, so a misspelt setting cannot go unnoticed.
 *
 * <pre>{@code
 * EventSubscriber.create(Map.of(
 *     "bootstrap.servers", servers, "group.id", "billing",
 *     ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 10));
 * }</pre>
 */
public final class ProtoeventsConfig {

  /** Prefix of every protoevents setting. */
  public static final String PREFIX = "protoevents.";

  /**
   * How many times a subscription hands one event to its listener before it gives up and applies
   * its {@link #UNDELIVERABLE_POLICY undeliverable policy}: the first attempt included, at least 1.
   * Default {@value #DEFAULT_RETRY_MAX_ATTEMPTS}.
   */
  public static final String RETRY_MAX_ATTEMPTS = PREFIX + "retry.max.attempts";

  /** Default of {@link #RETRY_MAX_ATTEMPTS}. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 5;

  /**
   * Milliseconds to wait before the first retry of a failed event; each further retry waits twice
   * as long, up to {@link #RETRY_BACKOFF_MAX_MS}. At least 0. Default {@value
   * #DEFAULT_RETRY_BACKOFF_MS}.
   */
  public static final String RETRY_BACKOFF_MS = PREFIX + "retry.backoff.ms";

  /** Default of {@link #RETRY_BACKOFF_MS}. */
  public static final long DEFAULT_RETRY_BACKOFF_MS = 100;

  /**
   * Upper bound in milliseconds of the wait between two attempts of a failed event. At least {@link
   * #RETRY_BACKOFF_MS}. Default {@value #DEFAULT_RETRY_BACKOFF_MAX_MS}.
   */
  public static final String RETRY_BACKOFF_MAX_MS = PREFIX + "retry.backoff.max.ms";

  /** Default of {@link #RETRY_BACKOFF_MAX_MS}. */
  public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 5000;

  /**
   * What a subscription does with a record it cannot deliver (undecodable, or still failing after
   * {@link #RETRY_MAX_ATTEMPTS}): {@code dead-letter} writes it to the dead-letter topic and goes
   * on; {@code stop} ends the subscription in front of it, uncommitted. {@link SubscriptionOptions}
   * can choose differently per subscription, or name a handler. Default {@value
   * #DEFAULT_UNDELIVERABLE_POLICY}.
   */
  public static final String UNDELIVERABLE_POLICY = PREFIX + "undeliverable.policy";

  /** Default of {@link #UNDELIVERABLE_POLICY}. */
  public static final String DEFAULT_UNDELIVERABLE_POLICY = "dead-letter";

  /**
   * Appended to a topic's name to name its dead-letter topic, which subscriptions create when they
   * first need it, with the source topic's partition count. Default {@value
   * #DEFAULT_DEAD_LETTER_TOPIC_SUFFIX}.
   */
  public static final String DEAD_LETTER_TOPIC_SUFFIX = PREFIX + "dead.letter.topic.suffix";

  /** Default of {@link #DEAD_LETTER_TOPIC_SUFFIX}. */
  public static final String DEFAULT_DEAD_LETTER_TOPIC_SUFFIX = ".dlq";

  /**
   * Milliseconds {@code close()} of a subscription or subscriber waits for the current event, the
   * final commit and leaving the group before it interrupts the listener and returns. At least 0.
   * Default {@value #DEFAULT_CLOSE_TIMEOUT_MS}.
   */
  public static final String CLOSE_TIMEOUT_MS = PREFIX + "close.timeout.ms";

  /** Default of {@link #CLOSE_TIMEOUT_MS}. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

  /**
   * Milliseconds between two offset commits of a running subscription. After each handled poll
   * batch the subscription commits what it finished with {@code commitAsync}, unless its last
   * commit went out less than this long ago; then the next batch (or an idle poll, which waits no
   * longer than that) carries it. On revocation and close it always commits with {@code
   * commitSync}. Delivery stays at-least-once either way: only finished records are committed.
   * After a crash, the events handled in the last interval are delivered again. {@code 0} commits
   * after every batch. From 0 to {@code Integer.MAX_VALUE}, as Kafka's {@code
   * auto.commit.interval.ms}. Default {@value #DEFAULT_COMMIT_INTERVAL_MS}.
   */
  public static final String COMMIT_INTERVAL_MS = PREFIX + "commit.interval.ms";

  /** Default of {@link #COMMIT_INTERVAL_MS}. */
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

  /**
   * What {@link TopicAdmin#createMissing} does when an existing topic differs from its spec
   * (partitions, replication factor, declared settings): {@code warn} (default) logs each
   * difference, {@code fail} throws {@link TopicDriftException} so the service does not start.
   */
  public static final String TOPIC_DRIFT = PREFIX + "topic.drift";

  /**
   * The envelope events are written in and read with, on every topic not named in {@link
   * #ENVELOPE_TOPICS}: {@code lean}, {@code cloudevents}, {@code restorecommerce}, or an {@link
   * dev.protoevents.runtime.envelope.Envelope} object. Default {@code lean}.
   */
  public static final String ENVELOPE = PREFIX + "envelope";

  /**
   * The envelope of single topics: {@code topic=envelope} pairs, comma-separated, or a {@code Map}
   * of topic name to envelope name or {@link dev.protoevents.runtime.envelope.Envelope}.
   */
  public static final String ENVELOPE_TOPICS = PREFIX + "envelope.topics";

  /**
   * Envelopes a subscriber reads besides its topic's own, for topics that migrate: names,
   * comma-separated, or a {@code List} of names and {@link
   * dev.protoevents.runtime.envelope.Envelope}s. A record is read by the first that recognises it.
   */
  public static final String ENVELOPE_ACCEPT = PREFIX + "envelope.accept";

  /** {@code ce_source} of the {@code cloudevents} envelope. Default {@code /<topic>}. */
  public static final String ENVELOPE_CLOUDEVENTS_SOURCE = PREFIX + "envelope.cloudevents.source";

  /**
   * A Micrometer {@code io.micrometer.core.instrument.MeterRegistry} that publishers, subscribers
   * and state feeds record their meters in, and bind their Kafka clients' own metrics to. Absent
   * (the default), nothing is recorded and no Micrometer class is loaded, so Micrometer need not be
   * on the class path. See {@link dev.protoevents.runtime.metrics}.
   */
  public static final String METRICS_REGISTRY = PREFIX + "metrics.registry";

  private static final Set<String> KNOWN_KEYS =
      Set.of(
          RETRY_MAX_ATTEMPTS,
          RETRY_BACKOFF_MS,
          RETRY_BACKOFF_MAX_MS,
          UNDELIVERABLE_POLICY,
          DEAD_LETTER_TOPIC_SUFFIX,
          CLOSE_TIMEOUT_MS,
          COMMIT_INTERVAL_MS,
          TOPIC_DRIFT,
          ENVELOPE,
          ENVELOPE_TOPICS,
          ENVELOPE_ACCEPT,
          ENVELOPE_CLOUDEVENTS_SOURCE,
          METRICS_REGISTRY);

  private ProtoeventsConfig() {}

  /**
   * A copy of {@code config} without protoevents settings, ready for a Kafka client; checks that
   * {@code bootstrap.servers} is set and that every protoevents key is known. Public for
   * protoevents' own packages; not meant for applications.
   */
  public static Map<String, Object> kafkaProperties(Map<String, ?> config) {
    Objects.requireNonNull(config, "kafkaConfig");
    Map<String, Object> kafka = new HashMap<>();
    for (Map.Entry<String, ?> entry : config.entrySet()) {
      String key = Objects.requireNonNull(entry.getKey(), "kafkaConfig contains a null key");
      if (key.startsWith(PREFIX)) {
        if (!KNOWN_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "unknown protoevents setting '"
                  + key
                  + "'; known settings: "
                  + new TreeSet<>(KNOWN_KEYS));
        }
      } else {
        kafka.put(key, entry.getValue());
      }
    }
    requireBootstrapServers(config);
    return kafka;
  }

  private static void requireBootstrapServers(Map<String, ?> config) {
    String key = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    Object value = config.get(key);
    boolean valid =
        (value instanceof String text && !text.isBlank())
            || (value instanceof List<?> list && !list.isEmpty());
    if (!valid) {
      throw new IllegalArgumentException(
          key
              + " must name at least one broker as host:port, but was "
              + (config.containsKey(key) ? "'" + value + "'" : "missing"));
    }
  }

  /**
   * A required, non-blank string setting.
   *
   * @throws IllegalArgumentException naming the key and the bad value
   */
  static String requireString(Map<String, ?> config, String key) {
    Object value = config.get(key);
    if (value instanceof String text && !text.isBlank()) {
      return text;
    }
    throw new IllegalArgumentException(
        key
            + " must be a non-empty string, but was "
            + (config.containsKey(key) ? "'" + value + "'" : "missing"));
  }

  /** True if {@link #TOPIC_DRIFT} is {@code fail}; false if it is {@code warn} or absent. */
  static boolean failOnTopicDrift(Map<String, ?> config) {
    Object value = config.containsKey(TOPIC_DRIFT) ? config.get(TOPIC_DRIFT) : "warn";
    if (!"warn".equals(value) && !"fail".equals(value)) {
      throw new IllegalArgumentException(
          TOPIC_DRIFT + " must be 'warn' or 'fail', but was '" + value + "'");
    }
    return "fail".equals(value);
  }

  /** The retry policy of subscriptions and state feeds described by {@code config}. */
  public static RetryPolicy retryPolicy(Map<String, ?> config) {
    int maxAttempts =
        (int)
            longSetting(
                config, RETRY_MAX_ATTEMPTS, DEFAULT_RETRY_MAX_ATTEMPTS, 1, Integer.MAX_VALUE);
    long backoff =
        longSetting(config, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 0, Long.MAX_VALUE);
    long maxBackoff =
        longSetting(
            config,
            RETRY_BACKOFF_MAX_MS,
            Math.max(DEFAULT_RETRY_BACKOFF_MAX_MS, backoff),
            backoff,
            Long.MAX_VALUE);
    return new RetryPolicy(maxAttempts, backoff, maxBackoff);
  }

  /** The undeliverable policy of {@code config}. */
  static SubscriptionOptions.Policy undeliverablePolicy(Map<String, ?> config) {
    Object value = config.get(UNDELIVERABLE_POLICY);
    if (value == null && !config.containsKey(UNDELIVERABLE_POLICY)) {
      return SubscriptionOptions.Policy.DEAD_LETTER;
    }
    if ("dead-letter".equals(value)) {
      return SubscriptionOptions.Policy.DEAD_LETTER;
    }
    if ("stop".equals(value)) {
      return SubscriptionOptions.Policy.STOP;
    }
    throw new IllegalArgumentException(
        UNDELIVERABLE_POLICY + " must be 'dead-letter' or 'stop', but was '" + value + "'");
  }

  /** The dead-letter topic suffix of {@code config}. Public for protoevents' own packages. */
  public static String deadLetterSuffix(Map<String, ?> config) {
    if (!config.containsKey(DEAD_LETTER_TOPIC_SUFFIX)) {
      return DEFAULT_DEAD_LETTER_TOPIC_SUFFIX;
    }
    if (config.get(DEAD_LETTER_TOPIC_SUFFIX) instanceof String text
        && !text.isEmpty()
        && text.chars()
            .allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
      return text;
    }
    throw new IllegalArgumentException(
        DEAD_LETTER_TOPIC_SUFFIX
            + " must be a non-empty string of letters, digits, '.', '_' and '-', but was '"
            + config.get(DEAD_LETTER_TOPIC_SUFFIX)
            + "'");
  }

  /** The close timeout of {@code config}. Public for protoevents' own packages. */
  public static java.time.Duration closeTimeout(Map<String, ?> config) {
    return java.time.Duration.ofMillis(
        longSetting(config, CLOSE_TIMEOUT_MS, DEFAULT_CLOSE_TIMEOUT_MS, 0, Long.MAX_VALUE));
  }

  /** The commit interval of {@code config}. Public for protoevents' own packages. */
  public static java.time.Duration commitInterval(Map<String, ?> config) {
    return java.time.Duration.ofMillis(
        longSetting(config, COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS, 0, Integer.MAX_VALUE));
  }

  private static long longSetting(
      Map<String, ?> config, String key, long defaultValue, long min, long max) {
    Object value = config.get(key);
    if (value == null && !config.containsKey(key)) {
      return defaultValue;
    }
    long parsed;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      parsed = ((Number) value).longValue();
    } else if (value instanceof String text) {
      try {
        parsed = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            key + " must be a whole number, but was '" + value + "'", e);
      }
    } else {
      throw new IllegalArgumentException(key + " must be a whole number, but was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          key + " must be in " + min + ".." + max + ", but was " + parsed);
    }
    return parsed;
  }

  /**
   * How often and how patiently a subscription retries a failing listener.
   *
   * @param maxAttempts attempts per event, the first included
   * @param backoffMillis wait before the first retry
   * @param maxBackoffMillis upper bound of any wait
   */
  public record RetryPolicy(int maxAttempts, long backoffMillis, long maxBackoffMillis) {

    /** The wait after the failed attempt number {@code attempt} (1-based). */
    public long backoffAfter(int attempt) {
      long wait = backoffMillis;
      for (int i = 1; i < attempt && wait > 0 && wait < maxBackoffMillis; i++) {
        wait = wait > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : wait * 2;
      }
      return Math.min(wait, maxBackoffMillis);
    }
  }
}
