package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/** Long retry backoffs pause the partition and keep polling, so the member stays in its group. */
@EmbeddedKafkaTest
class RetryBackoffTest {

  @Test
  void handlerFailingThreeTimesWithTwentySecondsOfBackoffSucceedsWithoutRebalanceOrDeadLetter(
      EmbeddedKafka kafka) throws Exception {
    // Given a listener that fails 3 times, backoffs of 4 + 8 + 8 = 20 s, and a
    // max.poll.interval.ms of 10 s for this subscription: a sleeping poll thread would be evicted
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 2);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 5);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MS, 4000);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MAX_MS, 8000);
    List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    List<Integer> attemptNumbers = new CopyOnWriteArrayList<>();
    List<SubscriptionState> states = new CopyOnWriteArrayList<>();
    List<String> others = new CopyOnWriteArrayList<>();

    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      EventListener<Received> listener =
          event -> {
            if (!event.name().equals("flaky")) {
              others.add(event.name());
              return;
            }
            attemptTimes.add(System.nanoTime());
            attemptNumbers.add(event.metadata().deliveryAttempt());
            if (attemptTimes.size() <= 3) {
              throw new IllegalStateException("transient failure " + attemptTimes.size());
            }
          };
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              listener,
              SubscriptionOptions.builder()
                  .consumerProperties(Map.of("max.poll.interval.ms", 10_000))
                  .stateListener((s, from, to) -> states.add(to))
                  .build());
      assertTrue(subscription.awaitAssignment(TIMEOUT));
      int generation = subscription.stats().generation();
      String memberId = onlyMember(admin, group).consumerId();

      // When the flaky event arrives
      int partition =
          publisher
              .publish(OutgoingEvent.of(topic, "flaky-key", "TypeCreated", Fixtures.type("flaky")))
              .join()
              .partition();

      // Then it succeeds on the 4th attempt, every backoff really waited, and the member was
      // never evicted: same generation and member id on the broker, one assignment, no dead letter
      Await.until(Duration.ofSeconds(90), "the 4th attempt", () -> attemptTimes.size() == 4);
      Fixtures.awaitCommitted(admin, group, Map.of(partition, 1L));
      long[] expectedWaits = {4000, 8000, 8000};
      for (int i = 0; i < 3; i++) {
        long waited = TimeUnit.NANOSECONDS.toMillis(attemptTimes.get(i + 1) - attemptTimes.get(i));
        System.out.printf(
            "attempt %d -> %d waited %d ms (backoff %d ms)%n",
            i + 1, i + 2, waited, expectedWaits[i]);
        assertTrue(
            waited >= expectedWaits[i], "attempt " + (i + 2) + " came after " + waited + " ms");
      }
      assertEquals(List.of(1, 2, 3, 4), attemptNumbers);
      SubscriptionStats stats = subscription.stats();
      System.out.printf(
          "rebalances %d, generation %d -> %d, retries %d, dead letters %d%n",
          stats.rebalances(),
          generation,
          stats.generation(),
          stats.retries(),
          stats.deadLettered());
      assertEquals(1, stats.rebalances());
      assertEquals(generation, stats.generation());
      assertEquals(memberId, onlyMember(admin, group).consumerId());
      assertEquals(3, stats.retries());
      assertEquals(0, stats.deadLettered());
      assertFalse(
          admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic + ".dlq"),
          "no dead-letter topic was created");
      assertTrue(states.contains(SubscriptionState.PAUSED), states.toString());
      assertEquals(SubscriptionState.RUNNING, subscription.state());
    }
  }

  @Test
  void otherPartitionsGoOnWhileOneWaitsForItsRetry(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 2);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MS, 600_000); // the retry will not come in this test
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MAX_MS, 600_000);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config)) {
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                if (event.name().equals("stuck")) {
                  throw new IllegalStateException("not now");
                }
                handled.add(event.metadata().partition() + ":" + event.name());
              });
      assertTrue(subscription.awaitAssignment(TIMEOUT));
      int stuckPartition =
          publisher
              .publish(OutgoingEvent.of(topic, "a", "TypeCreated", Fixtures.type("stuck")))
              .join()
              .partition();
      Await.until(
          TIMEOUT,
          "the partition to pause",
          () -> subscription.state() == SubscriptionState.PAUSED);
      int other = -1;
      for (int i = 0; other < 0; i++) {
        int partition =
            publisher
                .publish(OutgoingEvent.of(topic, "k" + i, "TypeCreated", Fixtures.type("n" + i)))
                .join()
                .partition();
        if (partition != stuckPartition) {
          other = partition;
        }
      }
      int otherPartition = other;
      Await.until(
          TIMEOUT,
          "an event of the other partition",
          () -> handled.stream().anyMatch(h -> h.startsWith(otherPartition + ":")));
      assertTrue(
          handled.stream().noneMatch(h -> h.startsWith(stuckPartition + ":")), handled.toString());
      assertEquals(SubscriptionState.PAUSED, subscription.state());
    }
  }

  private static MemberDescription onlyMember(Admin admin, String group) {
    return Await.value(
        TIMEOUT,
        "exactly one member of " + group,
        () -> {
          List<MemberDescription> members = Fixtures.members(admin, group);
          return members.size() == 1
              ? java.util.Optional.of(members.get(0))
              : java.util.Optional.empty();
        });
  }
}
