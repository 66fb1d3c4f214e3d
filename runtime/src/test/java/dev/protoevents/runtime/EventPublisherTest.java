package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Type;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedKafkaTest
class EventPublisherTest {

  private static EventPublisher publisher;

  @BeforeAll
  static void createPublisher(EmbeddedKafka kafka) {
    publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
  }

  @AfterAll
  static void closePublisher() {
    publisher.close();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void publishedEventArrivesWithKeyHeadersAndPayload(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    Type payload =
        Type.newBuilder()
            .setName("order-1")
            .setSourceContext(SourceContext.newBuilder().setFileName("ü.proto"))
            .build();
    Instant before = Instant.now();

    RecordMetadata metadata =
        publisher
            .publish(OutgoingEvent.of(topic, "order-1", "OrderCreated", payload))
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    Instant after = Instant.now();
    ConsumerRecord<String, byte[]> record = Fixtures.readAll(kafka, topic, 1).get(0);
    assertEquals(topic, metadata.topic());
    assertEquals(metadata.offset(), record.offset());
    assertEquals("order-1", record.key());
    assertEquals(payload, Type.parseFrom(record.value()));
    assertEquals("OrderCreated", header(record, EventHeaders.EVENT_TYPE));
    assertEquals("google.protobuf.Type", header(record, EventHeaders.MESSAGE_TYPE));
    UUID.fromString(header(record, EventHeaders.EVENT_ID));
    Instant occurredAt = Instant.parse(header(record, EventHeaders.OCCURRED_AT));
    assertFalse(occurredAt.isBefore(before), occurredAt + " before " + before);
    assertFalse(occurredAt.isAfter(after), occurredAt + " after " + after);
    assertNull(header(record, EventHeaders.FIELD_MASK));
    assertEquals(4, record.headers().toArray().length);
  }

  @Test
  void everyPublishedEventGetsItsOwnId(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);

    publisher.publish(OutgoingEvent.of(topic, "k", "OrderCreated", Fixtures.type("a")));
    publisher.publish(OutgoingEvent.of(topic, "k", "OrderCreated", Fixtures.type("a")));
    publisher.flush();

    var records = Fixtures.readAll(kafka, topic, 2);
    assertFalse(
        header(records.get(0), EventHeaders.EVENT_ID)
            .equals(header(records.get(1), EventHeaders.EVENT_ID)));
  }

  @Test
  void patchedEventCarriesItsFieldMaskHeader(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    FieldMask mask =
        FieldMask.newBuilder().addPaths("name").addPaths("source_context.file_name").build();

    publisher
        .publish(
            OutgoingEvent.of(topic, "order-1", "OrderPatched", Fixtures.type("x"))
                .withFieldMask(mask))
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    ConsumerRecord<String, byte[]> record = Fixtures.readAll(kafka, topic, 1).get(0);
    assertEquals("name,source_context.file_name", header(record, EventHeaders.FIELD_MASK));
  }

  @Test
  void fieldMaskWithUnknownPathIsRejectedBeforeSending() {
    FieldMask mask = FieldMask.newBuilder().addPaths("source_context.nope").build();
    OutgoingEvent event =
        OutgoingEvent.of("never-created", "k", "OrderPatched", Fixtures.type("x"))
            .withFieldMask(mask);

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> publisher.publish(event));

    assertTrue(failure.getMessage().contains("source_context.nope"), failure.getMessage());
    assertTrue(failure.getMessage().contains("google.protobuf.Type"), failure.getMessage());
  }

  @Test
  void closedPublisherRefusesToPublish(EmbeddedKafka kafka) {
    EventPublisher closed = EventPublisher.create(Fixtures.clientConfig(kafka));
    closed.close();
    closed.close(); // idempotent

    assertThrows(
        IllegalStateException.class,
        () -> closed.publish(OutgoingEvent.of("t", "k", "OrderCreated", Fixtures.type("x"))));
  }
}
