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
import dev.protoevents.runtime.internal.EventIds;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    byte[] id = record.headers().lastHeader(EventHeaders.EVENT_ID).value();
    assertEquals(16, id.length);
    assertEquals(7, UUID.fromString(EventIds.toString(id)).version());
    assertEquals(record.timestamp(), EventIds.epochMillis(id), "the id holds the event time");
    Instant occurredAt = Instant.ofEpochMilli(record.timestamp()); // CreateTime = occurred at
    assertFalse(
        occurredAt.isBefore(before.truncatedTo(ChronoUnit.MILLIS)), occurredAt + " < " + before);
    assertFalse(occurredAt.isAfter(after), occurredAt + " after " + after);
    assertNull(header(record, EventHeaders.FIELD_MASK));
    assertEquals(2, record.headers().toArray().length);
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
        Arrays.equals(
            records.get(0).headers().lastHeader(EventHeaders.EVENT_ID).value(),
            records.get(1).headers().lastHeader(EventHeaders.EVENT_ID).value()));
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

  @Test
  void eachTopicIsWrittenInTheEnvelopeTheConfigurationChooses(EmbeddedKafka kafka)
      throws Exception {
    // Given a publisher that writes one topic as CloudEvents and one Restorecommerce-style
    String cloudTopic = EmbeddedKafka.uniqueName("orders");
    String nodeTopic = EmbeddedKafka.uniqueName("users");
    String leanTopic = EmbeddedKafka.uniqueName("carts");
    for (String topic : List.of(cloudTopic, nodeTopic, leanTopic)) {
      kafka.createTopic(topic, 1);
    }
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(
        ProtoeventsConfig.ENVELOPE_TOPICS,
        cloudTopic + "=cloudevents," + nodeTopic + "=restorecommerce");
    config.put(ProtoeventsConfig.ENVELOPE_CLOUDEVENTS_SOURCE, "/shop");

    // When each gets an event
    try (EventPublisher configured = EventPublisher.create(config)) {
      for (String topic : List.of(cloudTopic, nodeTopic, leanTopic)) {
        configured
            .publish(OutgoingEvent.of(topic, "id-1", "OrderCreated", Fixtures.type("x")))
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }

      // Then each record has its topic's envelope, and a patch cannot go where it has no place
      OutgoingEvent patch =
          OutgoingEvent.of(nodeTopic, "id-1", "OrderPatched", Fixtures.type("x"))
              .withFieldMask(FieldMask.newBuilder().addPaths("name").build());
      assertThrows(IllegalArgumentException.class, () -> configured.publish(patch));
    }
    ConsumerRecord<String, byte[]> cloud = Fixtures.readAll(kafka, cloudTopic, 1).get(0);
    assertEquals("1.0", header(cloud, "ce_specversion"));
    assertEquals("/shop", header(cloud, "ce_source"));
    assertEquals("google.protobuf.OrderCreated", header(cloud, "ce_type"));
    ConsumerRecord<String, byte[]> node = Fixtures.readAll(kafka, nodeTopic, 1).get(0);
    assertEquals("orderCreated", node.key());
    assertEquals(0, node.headers().toArray().length);
    ConsumerRecord<String, byte[]> lean = Fixtures.readAll(kafka, leanTopic, 1).get(0);
    assertEquals("OrderCreated", header(lean, EventHeaders.EVENT_TYPE));
  }
}
