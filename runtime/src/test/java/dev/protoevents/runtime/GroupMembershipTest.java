package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/** Instances joining and leaving a group, and static membership per subscription. */
@EmbeddedKafkaTest
class GroupMembershipTest {

  private static final int EVENTS = 20_000;

  @Test
  void twoInstancesInOneGroupOneClosedMidStreamHandleEveryEvent(EmbeddedKafka kafka)
      throws Exception {
    // Given two instances (subscribers) of one service in one group on a 4-partition topic
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 4);
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    Map<String, Integer> byFirst = new ConcurrentHashMap<>();
    EventListener<Received> second = event -> handled.merge(event.name(), 1, Integer::sum);
    EventListener<Received> first =
        event -> {
          handled.merge(event.name(), 1, Integer::sum);
          byFirst.merge(event.name(), 1, Integer::sum);
        };
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber one = EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        EventSubscriber two = EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      Subscription a = one.subscribe(topic, Fixtures.DECODER, first);
      Subscription b = two.subscribe(topic, Fixtures.DECODER, second);
      assertTrue(a.awaitAssignment(TIMEOUT));
      assertTrue(b.awaitAssignment(TIMEOUT));

      // When events stream in and the first instance is closed in the middle
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                  sent.add(
                      publisher.publish(
                          OutgoingEvent.of(
                              topic, "order-" + (i % 101), "TypeCreated", Fixtures.type("e" + i))));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
              });
      Await.until(TIMEOUT, "the first instance to handle 2,000", () -> byFirst.size() >= 2_000);
      one.close(Duration.ofSeconds(10));
      Await.until(TIMEOUT, "one member left", () -> Fixtures.members(admin, group).size() == 1);
      publishing.get(60, TimeUnit.SECONDS);

      // Then every event was handled (at least once), none lost
      Await.until(Duration.ofSeconds(90), "all events", () -> handled.size() == EVENTS);
      long duplicates = handled.values().stream().filter(count -> count > 1).count();
      System.out.printf(
          "first instance handled %d before closing, %d of %d handled more than once,"
              + " rebalances of the second: %d%n",
          byFirst.size(), duplicates, EVENTS, b.stats().rebalances());
      assertEquals(EVENTS, handled.size());
      assertTrue(b.stats().rebalances() >= 2, "the second instance took over partitions");
    }
  }

  @Test
  void staticMembershipGivesEachSubscriptionItsOwnInstanceId(EmbeddedKafka kafka) throws Exception {
    // Given a subscriber with a group.instance.id and two subscriptions
    String orders = EmbeddedKafka.uniqueName("orders");
    String carts = EmbeddedKafka.uniqueName("carts");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(orders, 1);
    kafka.createTopic(carts, 1);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put("group.instance.id", "billing-1");
    Set<String> received = ConcurrentHashMap.newKeySet();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      Subscription a = subscriber.subscribe(orders, Fixtures.DECODER, e -> received.add(e.name()));
      Subscription b = subscriber.subscribe(carts, Fixtures.DECODER, e -> received.add(e.name()));
      assertTrue(a.awaitAssignment(TIMEOUT));
      assertTrue(b.awaitAssignment(TIMEOUT));

      // When both topics get events
      publisher.publish(OutgoingEvent.of(orders, "k", "TypeCreated", Fixtures.type("o"))).join();
      publisher.publish(OutgoingEvent.of(carts, "k", "TypeCreated", Fixtures.type("c"))).join();

      // Then both deliver, neither fenced the other, and the broker lists two static members
      Await.until(TIMEOUT, "both events", () -> received.equals(Set.of("o", "c")));
      Set<String> instanceIds =
          Fixtures.members(admin, group).stream()
              .map(MemberDescription::groupInstanceId)
              .flatMap(java.util.Optional::stream)
              .collect(Collectors.toCollection(TreeSet::new));
      System.out.println("static members: " + instanceIds);
      assertEquals(new TreeSet<>(Set.of("billing-1-" + orders, "billing-1-" + carts)), instanceIds);
      assertTrue(a.isActive() && b.isActive());
      assertTrue(a.failure().isEmpty() && b.failure().isEmpty());
    }
  }
}
