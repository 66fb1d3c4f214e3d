package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Type;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Tombstones: records with a key and headers but no value, for compacted resource topics. */
@EmbeddedKafkaTest
class TombstoneTest {

  @Test
  void tombstoneIsWrittenWithANullValueItsKeyAndTheEventHeaders(EmbeddedKafka kafka)
      throws Exception {
    // Given a topic
    String topic = EmbeddedKafka.uniqueName("prices");
    kafka.createTopic(topic, 1);

    // When a tombstone is published
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      publisher
          .publish(OutgoingEvent.tombstone(topic, "p-1", "PriceDeleted", Type.getDescriptor()))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Then the record has the key, no value, and the event type and id headers
    ConsumerRecord<String, byte[]> record = Fixtures.readAll(kafka, topic, 1).get(0);
    assertEquals("p-1", record.key());
    assertNull(record.value());
    assertEquals("PriceDeleted", header(record, EventHeaders.EVENT_TYPE));
    assertTrue(record.headers().lastHeader(EventHeaders.EVENT_ID) != null);
    assertNull(record.headers().lastHeader(EventHeaders.FIELD_MASK));
  }

  @Test
  void tombstoneRefusesAFieldMask() {
    OutgoingEvent tombstone =
        OutgoingEvent.tombstone("t", "k", "PriceDeleted", Type.getDescriptor());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tombstone.withFieldMask(FieldMask.newBuilder().addPaths("name").build()));
    assertTrue(e.getMessage().contains("tombstone"), e.getMessage());
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
