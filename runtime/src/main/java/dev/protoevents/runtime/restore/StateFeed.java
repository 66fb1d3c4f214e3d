package dev.protoevents.runtime.restore;

import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.RestoreHandler;
import dev.protoevents.runtime.internal.TopicEnvelopes;
import dev.protoevents.runtime.metrics.internal.Metrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Keeps a service's local state (a view, a cache, a projection) current from its resource topics:
 * it reads every partition itself (assign, no consumer group, no committed offsets), restores from
 * the newest valid snapshot or the beginning up to the end offsets captured when it starts, then
 * follows live events from exactly there: no gap, no event applied twice. Its position lives in its
 * snapshots. Several instances of a service each hold the full state.
 *
 * <pre>{@code
 * OrderView view = new OrderView();
 * try (StateFeed feed = OrderTopic.feed(kafkaConfig, view)
 *     .snapshots(SnapshotStore.directory(Path.of("state", "orders")))
 *     .snapshotEvery(100_000)
 *     .start()) {
 *   feed.awaitCaughtUp(Duration.ofMinutes(5));
 *   view.get("o-1");
 * }
 * }</pre>
 *
 * <p>One thread per feed owns the consumer and calls the handlers, one event at a time, in offset
 * order within each partition. A handler that throws is retried with the {@code
 * protoevents.retry.*} backoff; when the retries are used up, or a record cannot be read at all,
 * the feed stops ({@link State#FAILED}, {@link #failure()}) rather than build wrong state. An event
 * type the generated code does not know (from a newer producer) is skipped and counted.
 */
public final class StateFeed implements AutoCloseable {

  /** The states of a feed, in the order it goes through them. */
  public enum State {
    /** Replaying history up to the end offsets captured at the start. */
    RESTORING,
    /** Caught up; applying live events. */
    LIVE,
    /** Stopped by a failure; see {@link #failure()}. */
    FAILED,
    /** Closed. */
    CLOSED
  }

  private final FeedLoop loop;

  private StateFeed(FeedLoop loop) {
    this.loop = loop;
  }

  /**
   * Starts configuring a feed. {@code kafkaConfig} holds plain Kafka consumer properties ({@code
   * bootstrap.servers} is required; {@code group.id} is ignored, since a feed uses no group) and
   * optionally {@link ProtoeventsConfig} retry and envelope settings (a feed reads each topic with
   * the envelopes {@code protoevents.envelope*} name for it, as subscriptions do).
   */
  public static Builder builder(Map<String, ?> kafkaConfig) {
    return new Builder(kafkaConfig);
  }

  /** The feed's name: its topics, or what {@link Builder#name} set. */
  public String name() {
    return loop.name();
  }

  /** The current state. */
  public State state() {
    return loop.state();
  }

  /**
   * Completes with the final progress report once the first restore has reached the end offsets
   * captured at the start, or exceptionally if the feed fails or closes before that.
   */
  public CompletableFuture<RestoreProgress> caughtUp() {
    return loop.caughtUp().copy();
  }

  /**
   * Waits until the feed has caught up.
   *
   * @return true if it caught up within {@code timeout}, false if the time ran out
   * @throws IllegalStateException if the feed failed or was closed before it caught up (the cause
   *     is the failure)
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    try {
      loop.caughtUp().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "feed " + name() + " stopped before it caught up: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Takes a snapshot between two events, on the feed's thread, and saves it.
   *
   * @return completes with the saved snapshot, or exceptionally if there is no snapshot store or it
   *     could not save
   */
  public CompletableFuture<Snapshot> snapshotNow() {
    return loop.snapshotNow();
  }

  /**
   * Replays the topics from the beginning into a cleared state, ignoring snapshots, for example
   * after a change to the service's apply logic; live events then follow as before. The handlers
   * see {@link RestoreHandler#restoreStarted()} and {@link RestoreHandler#restoreCompleted()}
   * again.
   *
   * @return completes with the final progress report of the replay
   */
  public CompletableFuture<RestoreProgress> rebuild() {
    return loop.rebuild();
  }

  /**
   * Per partition, the offset of the first event the state does not include yet: what a snapshot
   * taken now would record.
   */
  public Map<TopicPartition, Long> positions() {
    return loop.positions();
  }

  /** Events handed to the handlers since the feed started, restore and live together. */
  public long eventsApplied() {
    return loop.eventsApplied();
  }

  /** Events skipped because their type is unknown to this code, per event type. */
  public Map<String, Long> unknownEvents() {
    return loop.unknownEvents();
  }

  /** The failure that stopped the feed, if one did. */
  public Optional<Throwable> failure() {
    return loop.failure();
  }

  /**
   * Stops the feed after the current event and waits at most {@code timeout} for it. With a
   * snapshot store, a feed that has caught up saves a last snapshot first, so that a restart
   * resumes from here. Idempotent.
   *
   * @return true if the feed's thread ended within the timeout
   */
  public boolean close(Duration timeout) {
    return loop.close(timeout);
  }

  /** {@link #close(Duration)} with 30 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return "StateFeed[" + name() + ", " + state() + "]";
  }

  /** Configures a {@link StateFeed}: its topics and handlers, snapshots, progress reports. */
  public static final class Builder {
    private final Map<String, ?> kafkaConfig;
    private final Map<String, FeedSource<?>> sources = new LinkedHashMap<>();
    private SnapshotStore store;
    private SnapshotState state;
    private long snapshotEvery;
    private Duration snapshotInterval;
    private int keepSnapshots = 3;
    private boolean snapshotOnClose = true;
    private RestoreListener listener = new LoggingRestoreListener();
    private Duration progressInterval = Duration.ofSeconds(5);
    private boolean allowRetentionGaps;
    private String name;

    private Builder(Map<String, ?> kafkaConfig) {
      this.kafkaConfig = Map.copyOf(Objects.requireNonNull(kafkaConfig, "kafkaConfig"));
    }

    /**
     * Feeds the events of {@code topic}, decoded by {@code decoder}, to {@code handler}. A feed can
     * read several topics, each with its own handler.
     *
     * @throws IllegalArgumentException if the topic was added already
     */
    public <E> Builder topic(
        String topic, EventDecoder<? extends E> decoder, RestoreHandler<E> handler) {
      FeedSource<E> source = new FeedSource<>(topic, decoder, handler);
      if (sources.putIfAbsent(topic, source) != null) {
        throw new IllegalArgumentException("topic " + topic + " was added to this feed already");
      }
      return this;
    }

    /**
     * Keeps snapshots of the handler's own state in {@code store}: the feed's one handler that is a
     * {@link SnapshotState} (a generated view is one). Restores start from the newest valid one.
     */
    public Builder snapshots(SnapshotStore store) {
      this.store = Objects.requireNonNull(store, "store");
      this.state = null;
      return this;
    }

    /** Keeps snapshots of {@code state} in {@code store}. */
    public Builder snapshots(SnapshotStore store, SnapshotState state) {
      this.store = Objects.requireNonNull(store, "store");
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** Takes a snapshot after every {@code events} applied events; 0 (the default) never. */
    public Builder snapshotEvery(long events) {
      if (events < 0) {
        throw new IllegalArgumentException("events must be >= 0 but was " + events);
      }
      this.snapshotEvery = events;
      return this;
    }

    /** Takes a snapshot every {@code interval} while events arrive. Default: never. */
    public Builder snapshotInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive but was " + interval);
      }
      this.snapshotInterval = interval;
      return this;
    }

    /** Keeps the newest {@code count} snapshots and deletes older ones. Default 3. */
    public Builder keepSnapshots(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1 but was " + count);
      }
      this.keepSnapshots = count;
      return this;
    }

    /** Whether {@link StateFeed#close} saves a last snapshot (default true, with a store). */
    public Builder snapshotOnClose(boolean snapshotOnClose) {
      this.snapshotOnClose = snapshotOnClose;
      return this;
    }

    /** Hears progress, catch-up and snapshots instead of the default, which logs them. */
    public Builder listener(RestoreListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How often the listener hears progress while restoring. Default 5 seconds. */
    public Builder progressInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("interval must not be negative but was " + interval);
      }
      this.progressInterval = interval;
      return this;
    }

    /**
     * Goes on from the log start when a snapshot's offset is older than it (retention deleted the
     * events in between), logging what was lost, instead of failing with {@link
     * RetentionGapException}.
     */
    public Builder allowRetentionGaps() {
      this.allowRetentionGaps = true;
      return this;
    }

    /** Names the feed in logs and thread names. Default: its topics. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Creates the consumer and starts the feed's thread, which restores and then follows live
     * events.
     *
     * @throws IllegalStateException if no topic was added, or snapshots are configured without a
     *     state to save
     * @throws IllegalArgumentException if a Kafka or protoevents setting is invalid
     */
    public StateFeed start() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("a feed needs at least one topic: call topic(...)");
      }
      SnapshotState snapshotState = store == null ? null : resolveState();
      String feedName =
          name != null ? name : sources.keySet().stream().collect(Collectors.joining(","));
      Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
      TopicEnvelopes envelopes = TopicEnvelopes.from(kafkaConfig);
      Metrics metrics = Metrics.from(kafkaConfig);
      properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
      properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
      properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // Events of aborted processor transactions are not state.
      properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "protoevents-feed-" + feedName);
      FeedLoop loop =
          new FeedLoop(
              new FeedLoop.Settings(
                  feedName,
                  sources.values().stream()
                      .<FeedSource<?>>map(
                          source ->
                              source.readingWith(
                                  envelopes.reader(source.topic(), source.declaredEnvelope())))
                      .toList(),
                  store,
                  snapshotState,
                  snapshotEvery,
                  snapshotInterval,
                  keepSnapshots,
                  snapshotOnClose,
                  listener,
                  progressInterval,
                  allowRetentionGaps,
                  ProtoeventsConfig.retryPolicy(kafkaConfig)),
              new KafkaConsumer<>(properties),
              metrics);
      loop.start();
      return new StateFeed(loop);
    }

    private SnapshotState resolveState() {
      if (state != null) {
        return state;
      }
      List<SnapshotState> candidates =
          sources.values().stream()
              .map(FeedSource::handler)
              .filter(SnapshotState.class::isInstance)
              .map(SnapshotState.class::cast)
              .distinct()
              .toList();
      if (candidates.size() != 1) {
        throw new IllegalStateException(
            "snapshots(store) needs exactly one handler that is a SnapshotState, but the feed has "
                + candidates.size()
                + "; name the state with snapshots(store, state)");
      }
      return candidates.get(0);
    }
  }
}
