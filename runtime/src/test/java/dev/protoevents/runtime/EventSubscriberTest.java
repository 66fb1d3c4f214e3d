package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedKafkaTest
class EventSubscriberTest {

  private static EventPublisher publisher;
  private static Admin admin;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void createClients(EmbeddedKafka kafka) {
    publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
    admin = Fixtures.admin(kafka);
  }

  @AfterAll
  static void closeClients() {
    publisher.close();
    admin.close();
  }

  @AfterEach
  void closeSubscribers() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private EventSubscriber subscriber(EmbeddedKafka kafka, String group, Map<String, Object> extra) {
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.putAll(extra);
    EventSubscriber subscriber = EventSubscriber.create(config);
    toClose.add(subscriber);
    return subscriber;
  }

  private EventSubscriber subscriber(EmbeddedKafka kafka, String group) {
    return subscriber(kafka, group, Map.of());
  }

  private static void publish(String topic, String key, String... names) {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (String name : names) {
      sent.add(publisher.publish(OutgoingEvent.of(topic, key, "TypeCreated", Fixtures.type(name))));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  private static List<String> names(List<Received> received) {
    return received.stream().map(Received::name).toList();
  }

  @Test
  void subscriberDeliversDecodedEventsInOrderAndCommitsThem(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0", "e1", "e2", "e3", "e4");
    List<Received> received = new CopyOnWriteArrayList<>();

    Subscription subscription =
        subscriber(kafka, group).subscribe(topic, Fixtures.DECODER, received::add);

    Await.until(TIMEOUT, "5 events", () -> received.size() == 5);
    assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), names(received));
    EventMetadata first = received.get(0).metadata();
    assertEquals("TypeCreated", first.eventType());
    assertEquals("google.protobuf.Type", first.messageType());
    assertEquals("order-1", first.key());
    assertEquals(topic, first.topic());
    assertEquals(0, first.offset());
    assertFalse(first.eventId().isEmpty());
    assertTrue(received.get(0).fieldMask().isEmpty());
    Fixtures.awaitCommitted(admin, group, Map.of(0, 5L));
    assertTrue(subscription.isActive());
    assertEquals(topic, subscription.topic());
    assertEquals(group, subscription.groupId());
  }

  @Test
  void failingListenerIsRetriedAndItsOffsetCommittedOnlyAfterSuccess(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0");
    List<String> deliveries = new CopyOnWriteArrayList<>();
    List<Map<Integer, Long>> committedDuringDelivery = new CopyOnWriteArrayList<>();

    Subscription subscription =
        subscriber(kafka, group)
            .subscribe(
                topic,
                Fixtures.DECODER,
                event -> {
                  deliveries.add(event.name());
                  committedDuringDelivery.add(Fixtures.committed(admin, group));
                  if (deliveries.size() <= 2) {
                    throw new IllegalStateException("failure " + deliveries.size());
                  }
                });

    Fixtures.awaitCommitted(admin, group, Map.of(0, 1L));
    assertEquals(List.of("e0", "e0", "e0"), deliveries);
    assertEquals(List.of(Map.of(), Map.of(), Map.of()), committedDuringDelivery);
    assertTrue(subscription.isActive());
    assertTrue(subscription.failure().isEmpty());
  }

  @Test
  void exhaustedRetriesUnderTheStopPolicyStopTheSubscriptionWithoutCommittingPastTheEvent(
      EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0", "poison", "e2");
    List<String> deliveries = new CopyOnWriteArrayList<>();
    IllegalStateException poison = new IllegalStateException("cannot handle poison");

    Subscription subscription =
        subscriber(
                kafka,
                group,
                Map.of(
                    ProtoeventsConfig.RETRY_MAX_ATTEMPTS,
                    3,
                    ProtoeventsConfig.UNDELIVERABLE_POLICY,
                    "stop"))
            .subscribe(
                topic,
                Fixtures.DECODER,
                event -> {
                  deliveries.add(event.name());
                  if (event.name().equals("poison")) {
                    throw poison;
                  }
                });

    Await.until(TIMEOUT, "the subscription to stop", () -> !subscription.isActive());
    assertSame(poison, subscription.failure().orElseThrow());
    Await.until(TIMEOUT, "state FAILED", () -> subscription.state() == SubscriptionState.FAILED);
    assertEquals(List.of("e0", "poison", "poison", "poison"), deliveries);
    assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
  }

  @Test
  void undecodableRecordUnderTheStopPolicyStopsTheSubscriptionBeforeIt(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0");
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      raw.send(
              new ProducerRecord<>(topic, "order-1", "no headers".getBytes(StandardCharsets.UTF_8)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    publish(topic, "order-1", "e2");
    List<Received> received = new CopyOnWriteArrayList<>();

    Subscription subscription =
        subscriber(kafka, group, Map.of(ProtoeventsConfig.UNDELIVERABLE_POLICY, "stop"))
            .subscribe(topic, Fixtures.DECODER, received::add);

    assertTrue(subscription.awaitTermination(TIMEOUT), "the subscription stopped");
    assertEquals(SubscriptionState.FAILED, subscription.state());
    Throwable failure = subscription.failure().orElseThrow();
    assertInstanceOf(EventDecodingException.class, failure);
    assertTrue(failure.getMessage().contains(EventHeaders.EVENT_TYPE), failure.getMessage());
    assertEquals(List.of("e0"), names(received));
    assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
  }

  @Test
  void closedSubscriptionGetsNothingMoreAndItsSuccessorResumesWithoutGap(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    EventSubscriber subscriber = subscriber(kafka, group);
    publish(topic, "order-1", "e0", "e1", "e2");
    List<Received> first = new CopyOnWriteArrayList<>();
    Subscription subscription = subscriber.subscribe(topic, Fixtures.DECODER, first::add);
    Await.until(TIMEOUT, "3 events", () -> first.size() == 3);

    subscription.close();
    subscription.close(); // idempotent

    // The effects of close, not a flag it sets: the thread ended, the broker says the group is
    // empty, the commit is there, and an event published now does not reach the closed listener.
    assertTrue(subscription.awaitTermination(Duration.ZERO));
    assertEquals(SubscriptionState.STOPPED, subscription.state());
    Fixtures.awaitNoMembers(admin, group);
    assertTrue(subscription.failure().isEmpty());
    assertEquals(Map.of(0, 3L), Fixtures.committed(admin, group));
    publish(topic, "order-1", "e3", "e4", "e5");
    List<Received> second = new CopyOnWriteArrayList<>();
    Subscription successor = subscriber.subscribe(topic, Fixtures.DECODER, second::add);
    assertTrue(successor.awaitAssignment(TIMEOUT));
    Await.until(TIMEOUT, "3 more events", () -> second.size() == 3);
    assertEquals(List.of("e0", "e1", "e2"), names(first));
    assertEquals(List.of("e3", "e4", "e5"), names(second));
    Fixtures.awaitCommitted(admin, group, Map.of(0, 6L));
  }

  @Test
  void listenerCanCloseItsOwnSubscription(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0", "e1");
    CompletableFuture<Subscription> self = new CompletableFuture<>();
    List<Received> received = new CopyOnWriteArrayList<>();

    self.complete(
        subscriber(kafka, group)
            .subscribe(
                topic,
                Fixtures.DECODER,
                event -> {
                  received.add(event);
                  self.get(30, TimeUnit.SECONDS).close();
                }));

    Await.until(TIMEOUT, "the subscription to end", () -> !self.join().isActive());
    self.join().close(); // from outside as well: returns once the thread has ended
    assertEquals(List.of("e0"), names(received));
    assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
  }

  @Test
  void twoGroupsEachReceiveEveryEvent(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 2);
    String[] names = IntStream.range(0, 10).mapToObj(i -> "e" + i).toArray(String[]::new);
    publish(topic, "order-1", names);
    List<Received> billing = new CopyOnWriteArrayList<>();
    List<Received> shipping = new CopyOnWriteArrayList<>();

    subscriber(kafka, EmbeddedKafka.uniqueName("billing"))
        .subscribe(topic, Fixtures.DECODER, billing::add);
    subscriber(kafka, EmbeddedKafka.uniqueName("shipping"))
        .subscribe(topic, Fixtures.DECODER, shipping::add);

    Await.until(
        TIMEOUT, "10 events in each group", () -> billing.size() == 10 && shipping.size() == 10);
    assertEquals(List.of(names), names(billing));
    assertEquals(List.of(names), names(shipping));
  }

  @Test
  void multiPartitionTopicDeliversEveryEventInOrderPerKey(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 3);
    Map<String, List<String>> published = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      String key = "order-" + (i % 8);
      String name = key + "#" + i;
      published.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
      publish(topic, key, name);
    }
    Map<String, List<String>> received = new ConcurrentHashMap<>();
    AtomicInteger count = new AtomicInteger();

    subscriber(kafka, group)
        .subscribe(
            topic,
            Fixtures.DECODER,
            event -> {
              received
                  .computeIfAbsent(event.metadata().key(), k -> new CopyOnWriteArrayList<>())
                  .add(event.name());
              count.incrementAndGet();
            });

    Await.until(TIMEOUT, "40 events", () -> count.get() == 40);
    assertEquals(published, new HashMap<>(received));
    Await.until(
        TIMEOUT,
        "offsets of all 40 events committed",
        () ->
            Fixtures.committed(admin, group).values().stream().mapToLong(Long::longValue).sum()
                == 40);
  }

  @Test
  void subscriptionWithLatestOffsetResetSeesEventsPublishedAfterAssignment(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 2);
    publish(topic, "order-1", "old");
    List<Received> received = new CopyOnWriteArrayList<>();
    Subscription subscription =
        subscriber(
                kafka, EmbeddedKafka.uniqueName("billing"), Map.of("auto.offset.reset", "latest"))
            .subscribe(topic, Fixtures.DECODER, received::add);

    assertTrue(subscription.awaitAssignment(TIMEOUT));
    publish(topic, "order-1", "new");

    Await.until(
        TIMEOUT,
        "the new event (" + subscription + ", " + subscription.stats() + ")",
        () -> !received.isEmpty());
    assertEquals(List.of("new"), names(received));
  }

  @Test
  void closingTheSubscriberClosesEverySubscription(EmbeddedKafka kafka) throws Exception {
    String orders = EmbeddedKafka.uniqueName("orders");
    String carts = EmbeddedKafka.uniqueName("carts");
    kafka.createTopic(orders, 1);
    kafka.createTopic(carts, 1);
    String group = EmbeddedKafka.uniqueName("billing");
    EventSubscriber subscriber = subscriber(kafka, group);
    Subscription first = subscriber.subscribe(orders, Fixtures.DECODER, event -> {});
    Subscription second = subscriber.subscribe(carts, Fixtures.DECODER, event -> {});

    subscriber.close();

    assertTrue(first.awaitTermination(Duration.ZERO));
    assertTrue(second.awaitTermination(Duration.ZERO));
    assertEquals(SubscriptionState.STOPPED, first.state());
    assertEquals(SubscriptionState.STOPPED, second.state());
    Fixtures.awaitNoMembers(admin, group);
    assertThrows(
        IllegalStateException.class,
        () -> subscriber.subscribe(orders, Fixtures.DECODER, event -> {}));
  }

  @Test
  void subscriptionThreadIsNamedAfterGroupAndTopic(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    publish(topic, "order-1", "e0");
    CompletableFuture<String> threadName = new CompletableFuture<>();

    subscriber(kafka, group)
        .subscribe(
            topic,
            Fixtures.DECODER,
            event -> threadName.complete(Thread.currentThread().getName()));

    String name = threadName.orTimeout(30, TimeUnit.SECONDS).join();
    assertTrue(name.startsWith("protoevents-" + group + "-" + topic + "-"), name);
  }
}
