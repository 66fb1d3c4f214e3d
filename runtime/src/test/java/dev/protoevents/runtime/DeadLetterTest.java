package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Type;
import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Undeliverable records go to the dead-letter topic and back after a fix; the consumer goes on. */
@EmbeddedKafkaTest
class DeadLetterTest {

  private static final int EVENTS = 50_000;
  private static final int EVERY = 50; // one poison record in 50: 1,000 in all

  @Test
  void thousandPoisonRecordsInFiftyThousandBecomeDeadLettersAndComeBackAfterAFix(
      EmbeddedKafka kafka) throws Exception {
    // Given 50,000 events on 3 partitions, 1,000 of them poison: 500 the decoder cannot read and
    // 500 the listener fails on, until both are fixed
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 3);
    Set<String> poison = new HashSet<>();
    long publishStart = System.nanoTime();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        String name;
        if (i % EVERY == 7) {
          name = (poison.size() % 2 == 0 ? "undecodable-" : "failing-") + i;
          poison.add(name);
        } else {
          name = "e" + i;
        }
        sent.add(
            publisher.publish(
                OutgoingEvent.of(topic, "order-" + (i % 97), "TypeCreated", Fixtures.type(name))));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .orTimeout(60, TimeUnit.SECONDS)
          .join();
    }
    System.out.printf(
        "published %d events (%d poison) in %d ms%n",
        EVENTS, poison.size(), millisSince(publishStart));
    assertEquals(EVENTS / EVERY, poison.size());

    AtomicBoolean fixed = new AtomicBoolean();
    EventDecoder<Received> decoder =
        event -> {
          Received received = Fixtures.DECODER.decode(event);
          if (!fixed.get() && received.name().startsWith("undecodable-")) {
            throw new EventDecodingException("cannot read " + event.describe());
          }
          return received;
        };
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    EventListener<Received> listener =
        event -> {
          if (!fixed.get() && event.name().startsWith("failing-")) {
            throw new IllegalStateException("downstream refuses " + event.name());
          }
          handled.merge(event.name(), 1, Integer::sum);
        };
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 3);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MS, 1);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MAX_MS, 5);
    String deadLetterTopic = topic + ".dlq";

    try (EventSubscriber subscriber = EventSubscriber.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      // When one subscription consumes them all
      long consumeStart = System.nanoTime();
      Subscription subscription = subscriber.subscribe(topic, decoder, listener);
      Await.until(
          Duration.ofMinutes(3),
          "49,000 events handled and 1,000 dead letters",
          () ->
              subscription.stats().handled() == EVENTS - poison.size()
                  && subscription.stats().deadLettered() == poison.size());
      long consumeMillis = millisSince(consumeStart);

      // Then exactly the 1,000 poison records are dead letters, with the right headers and their
      // original key, value and headers; the other 49,000 were handled; the consumer never stopped
      SubscriptionStats stats = subscription.stats();
      System.out.printf(
          "handled %d, dead letters %d, retries %d, rebalances %d in %d ms%n",
          stats.handled(),
          stats.deadLettered(),
          stats.retries(),
          stats.rebalances(),
          consumeMillis);
      assertEquals(EVENTS - poison.size(), handled.size());
      assertTrue(handled.keySet().stream().noneMatch(poison::contains));
      assertEquals(SubscriptionState.RUNNING, subscription.state());
      assertEquals(500 * 2, stats.retries()); // 500 failing records, 2 retries each
      assertEquals(
          3,
          admin
              .describeTopics(List.of(deadLetterTopic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(deadLetterTopic)
              .partitions()
              .size());
      Map<String, ConsumerRecord<String, byte[]>> originals =
          byName(Fixtures.readAll(kafka, topic, EVENTS));
      List<ConsumerRecord<String, byte[]>> deadLetters =
          Fixtures.readAll(kafka, deadLetterTopic, poison.size());
      assertEquals(poison.size(), deadLetters.size());
      Set<String> deadNames = new HashSet<>();
      for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
        String name = Type.parseFrom(deadLetter.value()).getName();
        deadNames.add(name);
        ConsumerRecord<String, byte[]> original = originals.get(name);
        assertNotNull(original, name);
        assertEquals(original.key(), deadLetter.key());
        assertEquals(original.partition(), deadLetter.partition());
        for (String header : List.of(EventHeaders.EVENT_TYPE, EventHeaders.EVENT_ID)) {
          assertEquals(Fixtures.header(original, header), Fixtures.header(deadLetter, header));
        }
        assertEquals(topic, Fixtures.header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC));
        assertEquals(
            Integer.toString(original.partition()),
            Fixtures.header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION));
        assertEquals(
            Long.toString(original.offset()),
            Fixtures.header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET));
        assertEquals(
            Long.toString(original.timestamp()),
            Fixtures.header(deadLetter, DeadLetterHeaders.ORIGINAL_TIMESTAMP));
        assertEquals(group, Fixtures.header(deadLetter, DeadLetterHeaders.GROUP));
        String stack = Fixtures.header(deadLetter, DeadLetterHeaders.STACK_TRACE);
        if (name.startsWith("undecodable-")) {
          assertEquals("undecodable", Fixtures.header(deadLetter, DeadLetterHeaders.REASON));
          assertEquals(
              EventDecodingException.class.getName(),
              Fixtures.header(deadLetter, DeadLetterHeaders.CAUSE_CLASS));
          assertEquals("0", Fixtures.header(deadLetter, DeadLetterHeaders.ATTEMPTS));
        } else {
          assertEquals("listener-failed", Fixtures.header(deadLetter, DeadLetterHeaders.REASON));
          assertEquals(
              IllegalStateException.class.getName(),
              Fixtures.header(deadLetter, DeadLetterHeaders.CAUSE_CLASS));
          assertEquals(
              "downstream refuses " + name,
              Fixtures.header(deadLetter, DeadLetterHeaders.CAUSE_MESSAGE));
          assertEquals("3", Fixtures.header(deadLetter, DeadLetterHeaders.ATTEMPTS));
        }
        assertTrue(stack.contains("DeadLetterTest"), stack);
      }
      assertEquals(poison, deadNames);

      // When the fix is deployed and the dead letters are re-published
      fixed.set(true);
      long republishStart = System.nanoTime();
      DeadLetters.Republished moved =
          DeadLetters.republish(Fixtures.clientConfig(kafka), deadLetterTopic, TIMEOUT);

      // Then the same subscription handles all 1,000, and a second run moves nothing
      assertEquals(poison.size(), moved.records());
      assertEquals(Map.of(topic, (long) poison.size()), moved.byTopic());
      Await.until(
          TIMEOUT,
          "all 50,000 handled",
          () -> handled.keySet().containsAll(poison) && handled.size() == EVENTS);
      System.out.printf(
          "re-published %d dead letters, all handled in %d ms%n",
          moved.records(), millisSince(republishStart));
      assertEquals(poison.size(), subscription.stats().deadLettered());
      assertEquals(
          0,
          DeadLetters.republish(Fixtures.clientConfig(kafka), deadLetterTopic, TIMEOUT).records());
      assertTrue(handled.values().stream().allMatch(count -> count == 1));
    }
  }

  @Test
  void deadLetterTopicCanBeNamedPerSubscription(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    String deadLetterTopic = EmbeddedKafka.uniqueName("billing-orders-dead");
    kafka.createTopic(topic, 2);
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(
                Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("billing")))) {
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("bad"))).join();
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("good"))).join();
      List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
      subscriber.subscribe(
          topic,
          event -> {
            Received received = Fixtures.DECODER.decode(event);
            if (received.name().equals("bad")) {
              throw new EventDecodingException("bad");
            }
            return received;
          },
          event -> handled.add(event.name()),
          SubscriptionOptions.builder().deadLetterTopic(deadLetterTopic).build());

      Await.until(TIMEOUT, "the good event", () -> handled.contains("good"));
      ConsumerRecord<String, byte[]> deadLetter =
          Fixtures.readAll(kafka, deadLetterTopic, 1).get(0);
      assertEquals("bad", Type.parseFrom(deadLetter.value()).getName());
    }
  }

  @Test
  void userHandlerReceivesUndeliverableRecordsAndDecidesToGoOn(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    List<String> quarantined = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(
                Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("billing")))) {
      for (String name : List.of("a", "poison", "b")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                if (event.name().equals("poison")) {
                  throw new IllegalStateException("no");
                }
                handled.add(event.name());
              },
              SubscriptionOptions.builder()
                  .onUndeliverable(
                      (record, cause) -> {
                        quarantined.add(record.offset() + ":" + cause.getMessage());
                        return true;
                      })
                  .build());

      Await.until(TIMEOUT, "a and b", () -> handled.size() == 2);
      assertEquals(List.of("a", "b"), handled);
      assertEquals(List.of("1:no"), quarantined);
      assertEquals(1, subscription.stats().undeliverable());
      assertEquals(0, subscription.stats().deadLettered());
    }
  }

  private static Map<String, ConsumerRecord<String, byte[]>> byName(
      List<ConsumerRecord<String, byte[]>> records) throws Exception {
    Map<String, ConsumerRecord<String, byte[]>> byName = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      byName.put(Type.parseFrom(record.value()).getName(), record);
    }
    return byName;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
