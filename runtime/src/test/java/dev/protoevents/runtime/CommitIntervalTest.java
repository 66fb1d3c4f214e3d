package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * {@code protoevents.commit.interval.ms}: finished offsets go out with {@code commitAsync} at most
 * once per interval, an idle subscription still commits them, and close commits what is left.
 * Checked on the broker's committed offsets.
 */
@EmbeddedKafkaTest
class CommitIntervalTest {

  private static void publish(EventPublisher publisher, String topic, int from, int to) {
    for (int i = from; i < to; i++) {
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("e" + i))).join();
    }
  }

  @Test
  void withinTheIntervalOnlyTheFirstBatchIsCommittedAndCloseCommitsTheRest(EmbeddedKafka kafka)
      throws Exception {
    // Given a subscription that commits at most once a minute
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.COMMIT_INTERVAL_MS, 60_000);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      publish(publisher, topic, 0, 10);
      Subscription subscription =
          subscriber.subscribe(topic, Fixtures.DECODER, event -> handled.add(event.name()));
      Await.until(
          TIMEOUT, "the first batch committed", () -> !Fixtures.committed(admin, group).isEmpty());
      Map<Integer, Long> first = Fixtures.committed(admin, group);
      assertTrue(first.get(0) >= 1 && first.get(0) <= 10, first.toString());

      // When ten more are handled within the minute
      publish(publisher, topic, 10, 20);
      Await.until(TIMEOUT, "20 events handled", () -> handled.size() == 20);

      // Then the broker still has the first batch's offset, and close commits the rest
      assertEquals(first, Fixtures.committed(admin, group));
      subscription.close();
      assertEquals(Map.of(0, 20L), Fixtures.committed(admin, group));
      assertEquals(20, handled.size());
    }
  }

  @Test
  void anIdleSubscriptionCommitsWhatItFinishedWithinAboutOneInterval(EmbeddedKafka kafka)
      throws Exception {
    // Given a subscription with the default interval that has handled events and then waits
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 2);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      Subscription subscription =
          subscriber.subscribe(topic, Fixtures.DECODER, event -> handled.add(event.name()));
      Await.until(TIMEOUT, "RUNNING", () -> subscription.state() == SubscriptionState.RUNNING);
      for (int round = 1; round <= 3; round++) {
        // When events arrive in bursts with nothing in between
        publish(publisher, topic, (round - 1) * 25, round * 25);
        int expected = round * 25;

        // Then every burst is committed while the subscription runs, with no further records
        Await.until(
            TIMEOUT,
            expected + " committed",
            () ->
                Fixtures.committed(admin, group).values().stream().mapToLong(Long::longValue).sum()
                    == expected);
        assertEquals(expected, handled.size());
      }
      assertTrue(subscription.state() == SubscriptionState.RUNNING, subscription.state().name());
    }
  }

  @Test
  void theIntervalMustBeBetweenZeroAndIntegerMaxValue(EmbeddedKafka kafka) {
    for (Object bad : List.of("-1", 1L + Integer.MAX_VALUE, "soon")) {
      Map<String, Object> config = Fixtures.subscriberConfig(kafka, "g");
      config.put(ProtoeventsConfig.COMMIT_INTERVAL_MS, bad);

      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> EventSubscriber.create(config));

      assertTrue(e.getMessage().contains(ProtoeventsConfig.COMMIT_INTERVAL_MS), e.getMessage());
    }
  }
}
