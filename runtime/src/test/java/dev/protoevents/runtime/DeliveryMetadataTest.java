package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** Caller-supplied event ids and times, and the coordinates every delivered event carries. */
@EmbeddedKafkaTest
class DeliveryMetadataTest {

  @Test
  void callerSuppliedEventIdAndTimeRoundTripWithTopicPartitionOffsetAndAttempt(EmbeddedKafka kafka)
      throws Exception {
    // Given an event published twice with the caller's id and time (a resend after a timeout)
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 3);
    Instant occurred = Instant.parse("2026-01-02T03:04:05.678Z");
    List<Received> received = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(
                Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("billing")))) {
      OutgoingEvent event =
          OutgoingEvent.of(topic, "order-7", "TypeCreated", Fixtures.type("paid"))
              .withEventId("outbox-42")
              .withOccurredAt(occurred);
      RecordMetadata first = publisher.publish(event).join();
      RecordMetadata again = publisher.publish(event).join();
      RecordMetadata generated =
          publisher
              .publish(OutgoingEvent.of(topic, "order-7", "TypeCreated", Fixtures.type("x")))
              .join();

      // When a subscription receives them
      subscriber.subscribe(topic, Fixtures.DECODER, received::add);
      Await.until(TIMEOUT, "3 events", () -> received.size() == 3);

      // Then both copies carry the caller's id and time, plus their own coordinates and attempt 1
      for (int i = 0; i < 2; i++) {
        EventMetadata metadata = received.get(i).metadata();
        RecordMetadata sent = i == 0 ? first : again;
        assertEquals("outbox-42", metadata.eventId());
        assertEquals(occurred, metadata.occurredAt());
        assertEquals(topic, metadata.topic());
        assertEquals(sent.partition(), metadata.partition());
        assertEquals(sent.offset(), metadata.offset());
        assertEquals(1, metadata.deliveryAttempt());
      }
      EventMetadata third = received.get(2).metadata();
      assertEquals(generated.offset(), third.offset());
      assertNotEquals("outbox-42", third.eventId());
      assertEquals(36, third.eventId().length()); // a generated UUID
    }
  }

  @Test
  void emptyCallerSuppliedEventIdIsRejected() {
    OutgoingEvent event = OutgoingEvent.of("t", "k", "TypeCreated", Fixtures.type("x"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> event.withEventId(""));
    assertEquals("eventId must not be empty", e.getMessage());
  }
}
