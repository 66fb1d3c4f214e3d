package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.offsets.OffsetMove;
import dev.protoevents.runtime.offsets.OffsetReset;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A running subscription asked to re-process from a point, or to skip ahead, while it runs. */
@EmbeddedKafkaTest
class RunningSubscriptionResetTest {

  private static EmbeddedKafka kafka;
  private static EventPublisher publisher;

  @BeforeAll
  static void start(EmbeddedKafka broker) {
    kafka = broker;
    publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
  }

  @AfterAll
  static void stop() {
    publisher.close();
  }

  /** Publishes {@code count} events named {@code prefix-i} to partition-sticky keys. */
  private static void publish(String topic, String prefix, int count) {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(
          publisher.publish(
              OutgoingEvent.of(topic, "k" + (i % 4), "TypeCreated", Fixtures.type(prefix + i))));
    }
    publisher.flush();
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  void resetToTheBeginningReDeliversEverythingAndCommitsTheNewPositions() throws Exception {
    // Given a subscription that has handled 40 events on 2 partitions
    String topic = EmbeddedKafka.uniqueName("reset-running");
    kafka.createTopic(topic, 2);
    publish(topic, "a", 40);
    String group = EmbeddedKafka.uniqueName("group");
    List<Fixtures.Received> received = Collections.synchronizedList(new ArrayList<>());
    try (EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      Subscription subscription = subscriber.subscribe(topic, Fixtures.DECODER, received::add);
      Await.until(Fixtures.TIMEOUT, "40 handled", () -> received.size() == 40);
      Map<Integer, Long> ends = Fixtures.committed(admin, group);
      Await.until(
          Fixtures.TIMEOUT,
          "40 committed",
          () -> Fixtures.committed(admin, group).values().stream().mapToLong(l -> l).sum() == 40);
      ends = Fixtures.committed(admin, group);

      // When it is reset to the earliest offsets while it runs
      List<OffsetMove> moves =
          subscription.resetOffsets(OffsetReset.earliest()).get(30, TimeUnit.SECONDS);

      // Then every partition moved from its end to 0, the broker holds the new positions at once,
      // and the 40 events arrive a second time, in the same order per partition
      assertEquals(2, moves.size());
      for (OffsetMove move : moves) {
        assertEquals(
            OptionalLong.of(ends.get(move.topicPartition().partition())), move.from(), "" + move);
        assertEquals(0, move.to());
      }
      Await.until(Fixtures.TIMEOUT, "80 handled", () -> received.size() == 80);
      for (int partition = 0; partition < 2; partition++) {
        int p = partition;
        List<Long> offsets =
            received.stream()
                .filter(r -> r.metadata().partition() == p)
                .map(r -> r.metadata().offset())
                .toList();
        int half = offsets.size() / 2;
        assertEquals(offsets.subList(0, half), offsets.subList(half, offsets.size()));
      }
      Fixtures.awaitCommitted(admin, group, ends);
    }
  }

  @Test
  void resetToExplicitOffsetsAndToATimestampStartExactlyThere() throws Exception {
    String topic = EmbeddedKafka.uniqueName("reset-running");
    kafka.createTopic(topic, 1);
    publish(topic, "early", 30);
    Instant between = Instant.now();
    Await.until(Fixtures.TIMEOUT, "the clock moved on", () -> Instant.now().isAfter(between));
    publish(topic, "late", 10);
    String group = EmbeddedKafka.uniqueName("group");
    List<Fixtures.Received> received = Collections.synchronizedList(new ArrayList<>());
    try (EventSubscriber subscriber =
        EventSubscriber.create(Fixtures.subscriberConfig(kafka, group))) {
      Subscription subscription = subscriber.subscribe(topic, Fixtures.DECODER, received::add);
      Await.until(Fixtures.TIMEOUT, "40 handled", () -> received.size() == 40);
      TopicPartition partition = new TopicPartition(topic, 0);

      // When reset to offset 25, Then the next event handled is offset 25
      subscription
          .resetOffsets(OffsetReset.toOffsets(Map.of(partition, 25L)))
          .get(30, TimeUnit.SECONDS);
      Await.until(Fixtures.TIMEOUT, "55 handled", () -> received.size() == 55);
      assertEquals(25, received.get(40).metadata().offset());
      assertEquals("early25", received.get(40).name());

      // When reset to the time between the two batches, Then it starts at the first late event
      List<OffsetMove> moves =
          subscription.resetOffsets(OffsetReset.toTimestamp(between)).get(30, TimeUnit.SECONDS);
      assertEquals(30, moves.get(0).to());
      Await.until(Fixtures.TIMEOUT, "65 handled", () -> received.size() == 65);
      assertEquals("late0", received.get(55).name());

      // And an offset outside the log is refused, moving nothing
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  subscription
                      .resetOffsets(OffsetReset.toOffsets(Map.of(partition, 999L)))
                      .get(30, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, refused.getCause());
      assertTrue(refused.getCause().getMessage().contains("999"), refused.getCause().getMessage());
      assertEquals(65, received.size());
    }
  }
}
