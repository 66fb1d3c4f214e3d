package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** What a subscription leaves behind when it stops on a failure: nothing lost, nothing skipped. */
@EmbeddedKafkaTest
class SubscriptionFailureTest {

  @Test
  void recordAStopPolicySubscriptionStoppedOnReachesTheNextSubscriptionOfTheGroup(
      EmbeddedKafka kafka) throws Exception {
    // Given a subscription with the stop policy that cannot handle "poison"
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 2);
    List<Received> second = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      for (String name : List.of("e0", "poison", "e2")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }
      Subscription first =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                if (event.name().equals("poison")) {
                  throw new IllegalStateException("cannot handle poison");
                }
              },
              SubscriptionOptions.builder().stopOnUndeliverable().build());

      // When it stops
      assertTrue(first.awaitTermination(TIMEOUT));
      assertEquals(SubscriptionState.FAILED, first.state());
      assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));

      // Then a new subscription in the same group receives that very record (and what follows)
      subscriber.subscribe(topic, Fixtures.DECODER, second::add);
      Await.until(TIMEOUT, "poison and e2", () -> second.size() == 2);
      assertEquals("poison", second.get(0).name());
      assertEquals(1, second.get(0).metadata().offset());
      assertEquals("e2", second.get(1).name());
      Fixtures.awaitCommitted(admin, group, Map.of(0, 3L));
    }
  }

  @Test
  void listenerThrowingAnErrorEndsTheSubscriptionFailedWithoutRetryOrCommit(EmbeddedKafka kafka)
      throws Exception {
    // Given a listener that throws an Error (not an Exception) on its second event
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    List<String> deliveries = new CopyOnWriteArrayList<>();
    List<Received> successor = new CopyOnWriteArrayList<>();
    AssertionError error = new AssertionError("listener bug");
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      for (String name : List.of("e0", "boom", "e2")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                deliveries.add(event.name());
                if (event.name().equals("boom")) {
                  throw error;
                }
              });

      // Then, as EventListener documents: no retry, no dead letter, state FAILED with the error,
      // offsets committed up to the event before it, and the thread ended
      assertTrue(subscription.awaitTermination(TIMEOUT));
      assertEquals(SubscriptionState.FAILED, subscription.state());
      assertInstanceOf(AssertionError.class, subscription.failure().orElseThrow());
      assertEquals(List.of("e0", "boom"), deliveries);
      assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
      assertEquals(0, subscription.stats().deadLettered());
      Fixtures.awaitNoMembers(admin, group);

      // And the next subscription of the group receives the event again
      subscriber.subscribe(topic, Fixtures.DECODER, successor::add);
      Await.until(TIMEOUT, "boom and e2 again", () -> successor.size() == 2);
      assertEquals("boom", successor.get(0).name());
    }
  }

  @Test
  void invalidSubscriberSettingsAreRejectedNamingTheKeyAndValue(EmbeddedKafka kafka) {
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, "g");
    config.put(ProtoeventsConfig.CLOSE_TIMEOUT_MS, "-1");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> EventSubscriber.create(config));
    assertTrue(e.getMessage().contains(ProtoeventsConfig.CLOSE_TIMEOUT_MS), e.getMessage());
    config.put(ProtoeventsConfig.CLOSE_TIMEOUT_MS, "100");
    config.put(ProtoeventsConfig.UNDELIVERABLE_POLICY, "drop");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> EventSubscriber.create(config));
    assertTrue(e.getMessage().contains("'drop'"), e.getMessage());
    config.put(ProtoeventsConfig.UNDELIVERABLE_POLICY, "stop");
    config.put(ProtoeventsConfig.DEAD_LETTER_TOPIC_SUFFIX, "/dlq");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> EventSubscriber.create(config));
    assertTrue(e.getMessage().contains("'/dlq'"), e.getMessage());
    IllegalArgumentException perSubscription =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> SubscriptionOptions.builder().consumerProperties(Map.of("group.id", "other")));
    assertTrue(perSubscription.getMessage().contains("group.id"), perSubscription.getMessage());
  }
}
