package dev.protoevents.runtime.metrics.internal;

import static dev.protoevents.runtime.metrics.MeterNames.CONSUMER_LAG;
import static dev.protoevents.runtime.metrics.MeterNames.DEAD_LETTER;
import static dev.protoevents.runtime.metrics.MeterNames.EVENT_TYPE;
import static dev.protoevents.runtime.metrics.MeterNames.FEED;
import static dev.protoevents.runtime.metrics.MeterNames.FEED_EVENTS;
import static dev.protoevents.runtime.metrics.MeterNames.GROUP;
import static dev.protoevents.runtime.metrics.MeterNames.HANDLE;
import static dev.protoevents.runtime.metrics.MeterNames.HANDLE_DURATION;
import static dev.protoevents.runtime.metrics.MeterNames.HEALTH;
import static dev.protoevents.runtime.metrics.MeterNames.PARTITION;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_DEAD_LETTER;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_EMITTED;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_PROCESSED;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_RETRY;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_TRANSACTIONS;
import static dev.protoevents.runtime.metrics.MeterNames.PROCESSOR_UNKNOWN_EVENT;
import static dev.protoevents.runtime.metrics.MeterNames.PUBLISH;
import static dev.protoevents.runtime.metrics.MeterNames.PUBLISH_LATENCY;
import static dev.protoevents.runtime.metrics.MeterNames.REASON;
import static dev.protoevents.runtime.metrics.MeterNames.RESTORE_EVENTS;
import static dev.protoevents.runtime.metrics.MeterNames.RESTORE_PROGRESS;
import static dev.protoevents.runtime.metrics.MeterNames.RESTORE_REMAINING;
import static dev.protoevents.runtime.metrics.MeterNames.RESULT;
import static dev.protoevents.runtime.metrics.MeterNames.RETRY;
import static dev.protoevents.runtime.metrics.MeterNames.TOPIC;
import static dev.protoevents.runtime.metrics.MeterNames.UNKNOWN_EVENT;

import dev.protoevents.runtime.process.ProcessorStats;
import dev.protoevents.runtime.restore.RestoreProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link Metrics} recorded in a Micrometer {@link MeterRegistry}. The one class of protoevents that
 * refers to Micrometer; {@link Metrics#forRegistry} loads it by name.
 */
public final class MicrometerMetrics implements Metrics {

  /** How often lag gauges are brought up to date while the consumer polls. */
  private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * One daemon thread for every {@link KafkaClientMetrics} of the JVM, which looks for the clients'
   * new metrics once a minute; its own default would be a thread per client.
   */
  private static final class Scheduler {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "protoevents-kafka-client-metrics");
              thread.setDaemon(true);
              return thread;
            });
  }

  private final MeterRegistry registry;
  private final Publish publish = new Publish();

  /**
   * Records into {@code registry}.
   *
   * @param registry a {@link MeterRegistry}; {@code Object} so that callers need not see the type
   */
  public MicrometerMetrics(Object registry) {
    this.registry = (MeterRegistry) registry;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public AutoCloseable bindClient(Producer<?, ?> producer) {
    KafkaClientMetrics binder = new KafkaClientMetrics(producer, Tags.empty(), Scheduler.INSTANCE);
    binder.bindTo(registry);
    return binder::close;
  }

  @Override
  public AutoCloseable bindClient(Consumer<?, ?> consumer) {
    KafkaClientMetrics binder = new KafkaClientMetrics(consumer, Tags.empty(), Scheduler.INSTANCE);
    binder.bindTo(registry);
    return binder::close;
  }

  @Override
  public PublishMeters publish() {
    return publish;
  }

  @Override
  public SubscriptionMeters subscription(String topic, String group) {
    return new Subscription(Tags.of(TOPIC, topic, GROUP, group));
  }

  @Override
  public FeedMeters feed(String feed, LongSupplier eventsApplied) {
    return new Feed(feed, eventsApplied);
  }

  @Override
  public ProcessorMeters processor(String topic, String group, Supplier<ProcessorStats> stats) {
    return new Processor(Tags.of(TOPIC, topic, GROUP, group), stats);
  }

  @Override
  public AutoCloseable healthGauge(String component, String kind, Supplier<Integer> level) {
    Gauge gauge =
        Gauge.builder(HEALTH, level)
            .tags(dev.protoevents.runtime.metrics.MeterNames.COMPONENT, component)
            .tag(dev.protoevents.runtime.metrics.MeterNames.KIND, kind)
            .strongReference(true)
            .description(
                "health of a protoevents component: 2 running, 1 starting or degraded,"
                    + " 0 stopped")
            .register(registry);
    return () -> registry.remove(gauge);
  }

  /** Publish counters and timers, resolved once per topic and event type. */
  private final class Publish implements PublishMeters {
    private final Map<String, PublishTopic> topics = new ConcurrentHashMap<>();

    @Override
    public long start() {
      return System.nanoTime();
    }

    @Override
    public void published(String topic, String eventType, long start, boolean ok) {
      PublishTopic meters = topics.get(topic);
      if (meters == null) {
        meters = topics.computeIfAbsent(topic, PublishTopic::new);
      }
      meters.record(eventType, System.nanoTime() - start, ok);
    }
  }

  private final class PublishTopic {
    private final String topic;
    private final Timer ok;
    private final Timer failed;
    private final Map<String, Counter[]> byType = new ConcurrentHashMap<>();

    PublishTopic(String topic) {
      this.topic = topic;
      this.ok = latency("ok");
      this.failed = latency("failed");
    }

    private Timer latency(String result) {
      return Timer.builder(PUBLISH_LATENCY)
          .description("time from publish to the broker's acknowledgement")
          .tags(TOPIC, topic, RESULT, result)
          .register(registry);
    }

    void record(String eventType, long nanos, boolean success) {
      Counter[] counters = byType.get(eventType);
      if (counters == null) {
        counters =
            byType.computeIfAbsent(
                eventType,
                type -> new Counter[] {published(type, "ok"), published(type, "failed")});
      }
      counters[success ? 0 : 1].increment();
      (success ? ok : failed).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter published(String eventType, String result) {
      return Counter.builder(PUBLISH)
          .description("events published")
          .tags(TOPIC, topic, EVENT_TYPE, eventType, RESULT, result)
          .register(registry);
    }
  }

  /** Lag gauges of the partitions a consumer holds. */
  private final class Lag {
    private final Tags tags;
    private final Map<TopicPartition, LagGauge> gauges = new ConcurrentHashMap<>();
    private long next = System.nanoTime();
    private boolean incomplete = true;

    Lag(Tags tags) {
      this.tags = tags;
    }

    void polled(Consumer<?, ?> consumer) {
      long now = System.nanoTime();
      if (!incomplete && now - next < 0) {
        return;
      }
      next = now + LAG_INTERVAL_NANOS;
      Set<TopicPartition> assigned = consumer.assignment();
      gauges
          .entrySet()
          .removeIf(
              entry -> {
                if (assigned.contains(entry.getKey())) {
                  return false;
                }
                registry.remove(entry.getValue().gauge);
                return true;
              });
      boolean unknown = false;
      for (TopicPartition partition : assigned) {
        OptionalLong lag = consumer.currentLag(partition);
        if (lag.isEmpty()) {
          unknown = true; // no fetch answer yet: look again after the next poll
          continue;
        }
        gauges.computeIfAbsent(partition, LagGauge::new).value.set(lag.getAsLong());
      }
      incomplete = unknown || assigned.isEmpty();
    }

    void close() {
      gauges.values().forEach(lag -> registry.remove(lag.gauge));
      gauges.clear();
    }

    private final class LagGauge {
      final AtomicLong value = new AtomicLong();
      final Gauge gauge;

      LagGauge(TopicPartition partition) {
        gauge =
            Gauge.builder(CONSUMER_LAG, value, AtomicLong::get)
                .description("records between the consumer's position and the partition's end")
                .tags(tags)
                .tags(TOPIC, partition.topic(), PARTITION, Integer.toString(partition.partition()))
                .strongReference(true)
                .register(registry);
      }
    }
  }

  /** Meters of one subscription; the counters are shared by every subscription of its group. */
  private final class Subscription implements SubscriptionMeters {
    private final Tags tags;
    private final Counter handled;
    private final Counter retried;
    private final Timer duration;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> unknown = new ConcurrentHashMap<>();
    private final Lag lag;

    Subscription(Tags tags) {
      this.tags = tags;
      this.handled =
          Counter.builder(HANDLE)
              .description("events whose listener returned normally")
              .tags(tags)
              .register(registry);
      this.retried =
          Counter.builder(RETRY)
              .description("failed attempts scheduled for a retry")
              .tags(tags)
              .register(registry);
      this.duration =
          Timer.builder(HANDLE_DURATION)
              .description("time of each listener call")
              .tags(tags)
              .register(registry);
      this.lag = new Lag(tags);
    }

    @Override
    public long callStarted() {
      return System.nanoTime();
    }

    @Override
    public void callEnded(long start) {
      duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handled(long count) {
      handled.increment(count);
    }

    @Override
    public void retried() {
      retried.increment();
    }

    @Override
    public void deadLettered(String reason) {
      deadLetters
          .computeIfAbsent(
              reason,
              r ->
                  Counter.builder(DEAD_LETTER)
                      .description("records written to a dead-letter topic")
                      .tags(tags)
                      .tag(REASON, r)
                      .register(registry))
          .increment();
    }

    @Override
    public void unknown(String eventType) {
      unknown.computeIfAbsent(eventType, type -> unknownCounter(tags, type)).increment();
    }

    @Override
    public void polled(Consumer<?, ?> consumer) {
      lag.polled(consumer);
    }

    @Override
    public void close() {
      lag.close();
    }
  }

  private Counter unknownCounter(Tags tags, String eventType) {
    return Counter.builder(UNKNOWN_EVENT)
        .description("events of a type this code does not know")
        .tags(tags)
        .tag(EVENT_TYPE, eventType)
        .register(registry);
  }

  /** Meters of one processor, read from its stats. */
  private final class Processor implements ProcessorMeters {
    private final Supplier<ProcessorStats> stats;
    private final List<Meter> meters = new ArrayList<>();
    private final Lag lag;

    Processor(Tags tags, Supplier<ProcessorStats> stats) {
      this.stats = stats;
      this.lag = new Lag(tags);
      count(
          PROCESSOR_PROCESSED,
          "input events processed and committed",
          tags,
          ProcessorStats::processed);
      count(PROCESSOR_EMITTED, "events emitted and committed", tags, ProcessorStats::emitted);
      count(
          PROCESSOR_RETRY, "failed attempts scheduled for a retry", tags, ProcessorStats::retried);
      count(PROCESSOR_DEAD_LETTER, "records dead-lettered", tags, ProcessorStats::deadLettered);
      count(PROCESSOR_UNKNOWN_EVENT, "events of an unknown type", tags, ProcessorStats::unknown);
      count(
          PROCESSOR_TRANSACTIONS,
          "transactions committed",
          tags.and(RESULT, "committed"),
          ProcessorStats::committed);
      count(
          PROCESSOR_TRANSACTIONS,
          "transactions aborted",
          tags.and(RESULT, "aborted"),
          ProcessorStats::aborted);
    }

    private void count(
        String name, String description, Tags tags, ToLongFunction<ProcessorStats> value) {
      meters.add(
          FunctionCounter.builder(name, stats, s -> value.applyAsLong(s.get()))
              .description(description)
              .tags(tags)
              .register(registry));
    }

    @Override
    public void polled(Consumer<?, ?> consumer) {
      lag.polled(consumer);
    }

    @Override
    public void close() {
      lag.close();
      meters.forEach(registry::remove);
    }
  }

  /** Meters of one state feed. */
  private final class Feed implements FeedMeters {
    private final String name;
    private final Tags tags;
    private final LongSupplier eventsApplied;
    private final FunctionCounter events;
    private final Gauge progressGauge;
    private final Map<String, RestoreTopic> restoreTopics = new ConcurrentHashMap<>();
    private final Map<String, Counter> retried = new ConcurrentHashMap<>();
    private final Map<String, Counter> unknown = new ConcurrentHashMap<>();
    private final Lag lag;
    private volatile double progress;

    Feed(String name, LongSupplier eventsApplied) {
      this.name = name;
      this.tags = Tags.of(FEED, name);
      this.eventsApplied = eventsApplied;
      this.events =
          FunctionCounter.builder(FEED_EVENTS, this.eventsApplied, LongSupplier::getAsLong)
              .description("events a state feed applied, restore and live")
              .tags(tags)
              .register(registry);
      this.progressGauge =
          Gauge.builder(RESTORE_PROGRESS, this, feed -> feed.progress)
              .description("the current restore's progress, 0 to 1")
              .tags(tags)
              .strongReference(true)
              .register(registry);
      this.lag = new Lag(tags);
    }

    @Override
    public void restoreProgress(Supplier<RestoreProgress> report) {
      RestoreProgress now = report.get();
      for (RestoreProgress.TopicProgress topic : now.topics()) {
        restoreTopics.computeIfAbsent(topic.topic(), RestoreTopic::new).update(topic);
      }
      progress = now.total() == 0 ? 1.0 : (double) now.done() / now.total();
    }

    @Override
    public void retried(String topic) {
      retried
          .computeIfAbsent(
              topic,
              t ->
                  Counter.builder(RETRY)
                      .description("failed attempts scheduled for a retry")
                      .tags(tags)
                      .tag(TOPIC, t)
                      .register(registry))
          .increment();
    }

    @Override
    public void unknown(String topic, String eventType) {
      unknown
          .computeIfAbsent(
              topic + '\u0000' + eventType,
              key -> unknownCounter(tags.and(TOPIC, topic), eventType))
          .increment();
    }

    @Override
    public void polled(Consumer<?, ?> consumer) {
      lag.polled(consumer);
    }

    @Override
    public void close() {
      lag.close();
      registry.remove(events);
      registry.remove(progressGauge);
      restoreTopics.values().forEach(topic -> registry.remove(topic.remainingGauge));
    }

    /** Restore meters of one topic of the feed. */
    private final class RestoreTopic {
      private final Counter applied;
      private final AtomicLong remaining = new AtomicLong();
      private final Gauge remainingGauge;
      private long done; // feed thread only

      RestoreTopic(String topic) {
        Tags topicTags = tags.and(TOPIC, topic);
        applied =
            Counter.builder(RESTORE_EVENTS)
                .description("events applied while restoring, all restores added up")
                .tags(topicTags)
                .register(registry);
        remainingGauge =
            Gauge.builder(RESTORE_REMAINING, remaining, AtomicLong::get)
                .description("events the current restore still has to apply")
                .tags(topicTags)
                .strongReference(true)
                .register(registry);
      }

      void update(RestoreProgress.TopicProgress topic) {
        // Less done than before: a new restore (a rebuild) began.
        long added = topic.done() >= done ? topic.done() - done : topic.done();
        done = topic.done();
        if (added > 0) {
          applied.increment(added);
        }
        remaining.set(Math.max(0, topic.total() - topic.done()));
      }
    }

    @Override
    public String toString() {
      return "FeedMeters[" + name + "]";
    }
  }
}
