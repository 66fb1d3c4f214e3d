package dev.protoevents.runtime;

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
 * ProtoeventsConfig#RETRY_BACKOFF_MAX_MS}). When the retries are used up, or a record cannot be
 * decoded, the subscription stops in front of that record without committing it: {@link
 * Subscription#isActive()} turns false and {@link Subscription#failure()} holds the cause.
 */
public final class EventSubscriber implements AutoCloseable {

  /** Numbers the subscription threads of the JVM, so their names are unique. */
  private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

  private final Map<String, Object> consumerProperties;
  private final String groupId;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final Set<KafkaSubscription<?>> open = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private boolean closed; // guarded by lock

  private EventSubscriber(
      Map<String, Object> consumerProperties,
      String groupId,
      ProtoeventsConfig.RetryPolicy retryPolicy) {
    this.consumerProperties = consumerProperties;
    this.groupId = groupId;
    this.retryPolicy = retryPolicy;
  }

  /**
   * A subscriber configured from plain Kafka consumer properties; {@code bootstrap.servers} and
   * {@code group.id} are required. Deserializers and offset commits are managed by protoevents
   * ({@code enable.auto.commit} is forced off); {@code auto.offset.reset} defaults to {@code
   * earliest} so a new group sees the topic's history. {@link ProtoeventsConfig} settings in the
   * same map tune the retries.
   *
   * @throws IllegalArgumentException if a required property is missing or a protoevents setting is
   *     unknown or invalid; the message names the key and the bad value
   */
  public static EventSubscriber create(Map<String, ?> kafkaConfig) {
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
    String groupId = ProtoeventsConfig.requireString(kafkaConfig, ConsumerConfig.GROUP_ID_CONFIG);
    ProtoeventsConfig.RetryPolicy retryPolicy = ProtoeventsConfig.retryPolicy(kafkaConfig);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new EventSubscriber(Collections.unmodifiableMap(properties), groupId, retryPolicy);
  }

  /**
   * Starts consuming {@code topic} in this subscriber's group, decoding each record with {@code
   * decoder} and handing it to {@code listener} on the subscription's thread.
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
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(listener, "listener");
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
      properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
      KafkaSubscription<E> subscription =
          new KafkaSubscription<>(
              topic,
              groupId,
              name,
              new KafkaConsumer<>(properties),
              decoder,
              listener,
              retryPolicy,
              UndeliverableRecordHandler.STOP,
              open::remove);
      open.add(subscription);
      subscription.start();
      return subscription;
    }
  }

  /** The consumer group of every subscription of this subscriber. */
  public String groupId() {
    return groupId;
  }

  /**
   * Closes every open subscription, waiting for each listener to finish its current event; no new
   * subscription can be made afterwards. Idempotent. Called from a listener of this subscriber, it
   * only requests the closes and returns, as waiting there could deadlock.
   */
  @Override
  public void close() {
    List<KafkaSubscription<?>> subscriptions;
    synchronized (lock) {
      closed = true;
      subscriptions = new ArrayList<>(open);
    }
    // Ask all first so the consumers leave the group in parallel, then wait for each.
    subscriptions.forEach(KafkaSubscription::requestClose);
    if (subscriptions.stream().anyMatch(KafkaSubscription::runsOnCurrentThread)) {
      return;
    }
    subscriptions.forEach(KafkaSubscription::close);
  }
}
