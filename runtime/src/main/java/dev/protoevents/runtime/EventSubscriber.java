package dev.protoevents.runtime;

import dev.protoevents.runtime.internal.ClientProperties;
import dev.protoevents.runtime.internal.DeadLetterWriter;
import dev.protoevents.runtime.internal.SubscriptionSettings;
import dev.protoevents.runtime.internal.TopicEnvelopes;
import dev.protoevents.runtime.internal.UndeliverablePolicy;
import dev.protoevents.runtime.metrics.internal.Metrics;
import dev.protoevents.runtime.metrics.internal.SubscriptionMeters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes a service's handlers to resource topics within one consumer group. Each subscription
 * runs its own consumer on its own thread and can be closed at run time (unsubscribe) while others
 * go on. Thread-safe.
 *
 * <pre>{@code
 * try (EventSubscriber subscriber = EventSubscriber.create(Map.of(
 *     "bootstrap.servers", servers, "group.id", "billing"))) {
 *   Subscription subscription = new OrderSubscriber(subscriber).subscribe(handler);
 *   ...
 *   subscription.close(); // unsubscribe
 * }
 * }</pre>
 *
 * <p>Delivery is at-least-once: a record's offset is committed only after its listener has returned
 * normally. A listener that throws gets the same event again after a backoff ({@link
 * ProtoeventsConfig#RETRY_MAX_ATTEMPTS}, {@link ProtoeventsConfig#RETRY_BACKOFF_MS}, {@link
 * ProtoeventsConfig#RETRY_BACKOFF_MAX_MS}); meanwhile its partition is paused and the consumer
 * keeps polling, so it stays in the group. When the retries are used up, or a record cannot be
 * decoded, the record goes to the dead-letter topic ({@code <topic>.dlq}) and the subscription goes
 * on; {@link ProtoeventsConfig#UNDELIVERABLE_POLICY} or {@link SubscriptionOptions} can make it
 * stop in front of the record instead, or hand it to a handler. An event type the decoder does not
 * know goes to {@link EventListener#onUnknown}.
 */
public final class EventSubscriber implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventSubscriber.class);

  /** Numbers the subscription threads of the JVM, so their names are unique. */
  private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

  private final Map<String, Object> consumerProperties;
  private final String groupId;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final SubscriptionOptions.Policy policy;
  private final String deadLetterSuffix;
  private final Duration closeTimeout;
  private final Duration commitInterval;
  private final DeadLetterWriter deadLetters;
  private final TopicEnvelopes envelopes;
  private final Metrics metrics;
  private final Set<KafkaSubscription<?>> open = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Map<String, Integer> instanceIds = new HashMap<>(); // guarded by lock
  private boolean closed; // guarded by lock

  private EventSubscriber(Map<String, Object> consumerProperties, Map<String, ?> config) {
    this.consumerProperties = consumerProperties;
    this.groupId = ProtoeventsConfig.requireString(config, ConsumerConfig.GROUP_ID_CONFIG);
    this.retryPolicy = ProtoeventsConfig.retryPolicy(config);
    this.policy = ProtoeventsConfig.undeliverablePolicy(config);
    this.deadLetterSuffix = ProtoeventsConfig.deadLetterSuffix(config);
    this.closeTimeout = ProtoeventsConfig.closeTimeout(config);
    this.commitInterval = ProtoeventsConfig.commitInterval(config);
    this.metrics = Metrics.from(config);
    this.deadLetters = new DeadLetterWriter(consumerProperties, metrics);
    this.envelopes = TopicEnvelopes.from(config);
  }

  /**
   * A subscriber configured from plain Kafka consumer properties; {@code bootstrap.servers} and
   * {@code group.id} are required. Deserializers and offset commits are managed by protoevents
   * ({@code enable.auto.commit} is forced off); {@code auto.offset.reset} defaults to {@code
   * earliest} so a new group sees the topic's history, {@code isolation.level} to {@code
   * read_committed} so events of aborted processor transactions never arrive, and {@code
   * partition.assignment.strategy} to the cooperative-sticky assignor, so a rebalance moves only
   * the partitions that change owner. A {@code group.instance.id} (static membership) is made
   * unique per subscription: {@code <id>-<topic>}, then {@code <id>-<topic>-2}, ... in the order of
   * subscribing. {@link ProtoeventsConfig} settings in the same map tune retries, dead letters and
   * closing.
   *
   * @throws IllegalArgumentException if a required property is missing or a protoevents setting is
   *     unknown or invalid; the message names the key and the bad value
   */
  public static EventSubscriber create(Map<String, ?> kafkaConfig) {
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Events a processor emitted in a transaction that aborted must never be delivered.
    properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    ClientProperties.defaultAssignor(properties);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new EventSubscriber(Collections.unmodifiableMap(properties), kafkaConfig);
  }

  /**
   * Starts consuming {@code topic} in this subscriber's group, decoding each record with {@code
   * decoder} and handing it to {@code listener} on the subscription's thread, with the subscriber's
   * settings.
   *
   * <p>The thread is named {@code protoevents-<group>-<topic>-<n>}; unless the properties name a
   * {@code client.id}, the consumer's client id is the same.
   *
   * @throws IllegalStateException if this subscriber is closed
   * @throws org.apache.kafka.common.KafkaException if the consumer cannot be created, for example
   *     because a Kafka property is invalid
   */
  public <E> Subscription subscribe(
      String topic, EventDecoder<? extends E> decoder, EventListener<E> listener) {
    return subscribe(topic, decoder, listener, SubscriptionOptions.defaults());
  }

  /**
   * Like {@link #subscribe(String, EventDecoder, EventListener)}, with {@code options} over the
   * subscriber's settings for this subscription alone. Generated handlers are listeners, so this
   * works with them too: {@code subscribe(OrderTopic.NAME, OrderTopic.DECODER, handler, options)}.
   *
   * @throws IllegalStateException if this subscriber is closed
   * @throws org.apache.kafka.common.KafkaException if the consumer cannot be created
   */
  public <E> Subscription subscribe(
      String topic,
      EventDecoder<? extends E> decoder,
      EventListener<E> listener,
      SubscriptionOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(
            "subscriber of group " + groupId + " is closed; cannot subscribe to " + topic);
      }
      String name = "protoevents-" + groupId + "-" + topic + "-" + SUBSCRIPTIONS.incrementAndGet();
      Map<String, Object> properties = new HashMap<>(consumerProperties);
      Object instanceId = properties.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
      if (instanceId != null
          && !options.consumerProperties().containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
        // Two members with one instance id fence each other; topic order keeps ids stable.
        String base = instanceId + "-" + topic;
        int n = instanceIds.merge(base, 1, Integer::sum);
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, n == 1 ? base : base + "-" + n);
      }
      properties.putAll(options.consumerProperties());
      properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
      KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
      SubscriptionMeters meters = metrics.subscription(topic, groupId);
      AutoCloseable clientMetrics = metrics.bindClient(consumer);
      SubscriptionSettings settings =
          new SubscriptionSettings(
              topic,
              groupId,
              name,
              retryPolicy,
              undeliverablePolicy(options.policy().orElse(policy)),
              options.handler(),
              deadLetters,
              options.deadLetterTopic().orElse(topic + deadLetterSuffix),
              options.stateListener(),
              closeTimeout,
              commitInterval,
              heartbeatInterval(properties),
              envelopes.reader(topic, decoder.envelope()));
      KafkaSubscription<E> subscription =
          new KafkaSubscription<>(
              settings,
              consumer,
              decoder,
              metrics.enabled() ? timed(listener, meters) : listener,
              meters,
              ended -> {
                unbind(meters, clientMetrics);
                terminated(ended);
              });
      open.add(subscription);
      subscription.start();
      return subscription;
    }
  }

  private static UndeliverablePolicy undeliverablePolicy(SubscriptionOptions.Policy policy) {
    return switch (policy) {
      case DEAD_LETTER -> UndeliverablePolicy.DEAD_LETTER;
      case STOP -> UndeliverablePolicy.STOP;
      case HANDLER -> UndeliverablePolicy.HANDLER;
    };
  }

  /** The consumer's {@code heartbeat.interval.ms}, 3 s (Kafka's default) if unset or unreadable. */
  private static Duration heartbeatInterval(Map<String, Object> properties) {
    try {
      Object value = properties.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
      return Duration.ofMillis(value == null ? 3000 : Long.parseLong(String.valueOf(value).trim()));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(3); // the consumer itself rejects the value
    }
  }

  /** {@code listener} with each call timed in {@code meters}. */
  private static <E> EventListener<E> timed(EventListener<E> listener, SubscriptionMeters meters) {
    return new EventListener<>() {
      @Override
      public void onEvent(E event) throws Exception {
        long start = meters.callStarted();
        try {
          listener.onEvent(event);
        } finally {
          meters.callEnded(start);
        }
      }

      @Override
      public void onUnknown(IncomingEvent event) throws Exception {
        long start = meters.callStarted();
        try {
          listener.onUnknown(event);
        } finally {
          meters.callEnded(start);
        }
      }
    };
  }

  /** Removes a subscription's lag gauges and its consumer's metrics. */
  private static void unbind(SubscriptionMeters meters, AutoCloseable clientMetrics) {
    try {
      meters.close();
      clientMetrics.close();
    } catch (Exception e) {
      log.warn("could not remove the meters of a subscription", e);
    }
  }

  /** A subscription's thread has ended; the last one of a closed subscriber closes its producer. */
  private void terminated(KafkaSubscription<?> subscription) {
    boolean last;
    synchronized (lock) {
      open.remove(subscription);
      last = closed && open.isEmpty();
    }
    if (last) {
      deadLetters.close(Duration.ofSeconds(5));
    }
  }

  /** The consumer group of every subscription of this subscriber. */
  public String groupId() {
    return groupId;
  }

  /**
   * Closes every open subscription, waiting up to {@code timeout} in all for each listener to
   * finish its current event, the commits and leaving the group; listeners still busy then are
   * interrupted. No new subscription can be made afterwards. Idempotent. Called from a listener of
   * this subscriber, it only requests the closes and returns, as waiting there could deadlock.
   */
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    List<KafkaSubscription<?>> subscriptions;
    synchronized (lock) {
      closed = true;
      subscriptions = new ArrayList<>(open);
    }
    // Ask all first so the consumers leave the group in parallel, then wait for each.
    subscriptions.forEach(subscription -> subscription.requestClose(timeout));
    if (subscriptions.stream().anyMatch(KafkaSubscription::runsOnCurrentThread)) {
      return; // the last subscription to end closes the dead-letter producer
    }
    try {
      for (KafkaSubscription<?> subscription : subscriptions) {
        Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!subscription.awaitTermination(remaining)) {
          subscription.interruptListener(timeout);
        }
      }
      for (KafkaSubscription<?> subscription : subscriptions) {
        // Interrupted listeners still commit and leave the group; give them their short grace.
        subscription.awaitTermination(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadLetters.close(Duration.ofSeconds(5));
  }

  /** {@link #close(Duration)} with {@link ProtoeventsConfig#CLOSE_TIMEOUT_MS} (30 s by default). */
  @Override
  public void close() {
    close(closeTimeout);
  }
}
