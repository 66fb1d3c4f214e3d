package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Api;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Type;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.internal.EventIds;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event kind through the broker in every envelope, with plain kafka-clients on both ends:
 * what the envelope writes is what it reads back.
 */
@EmbeddedKafkaTest
class EnvelopeRoundTripTest {

  private static final FieldMask MASK =
      FieldMask.newBuilder().addPaths("name").addPaths("source_context.file_name").build();

  /** Created, replaced, patched with a mask, deleted and a domain event of resource order-1. */
  static List<OutgoingEvent> everyKind(String topic) {
    Type created = Type.newBuilder().setName("order-1").build();
    Type replaced =
        Type.newBuilder()
            .setName("order-1")
            .setSourceContext(SourceContext.newBuilder().setFileName("ü.proto"))
            .build();
    return List.of(
        OutgoingEvent.of(topic, "order-1", "OrderCreated", created),
        OutgoingEvent.of(topic, "order-1", "OrderReplaced", replaced),
        OutgoingEvent.of(topic, "order-1", "OrderPatched", replaced).withFieldMask(MASK),
        OutgoingEvent.of(topic, "order-1", "OrderDeleted", created),
        OutgoingEvent.of(
            topic, "order-1", "OrderCompleted", Api.newBuilder().setName("order-1").build()));
  }

  static Stream<Envelope> headerEnvelopes() {
    return Stream.of(Envelope.lean(), Envelope.cloudEvents("/shop/orders"));
  }

  @ParameterizedTest
  @MethodSource("headerEnvelopes")
  void everyEventKindRoundTripsWithIdAndTime(Envelope envelope, EmbeddedKafka kafka)
      throws Exception {
    // Given every kind of event, written by the envelope
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    List<OutgoingEvent> events = everyKind(topic);
    List<ProducerRecord<String, byte[]>> written = new ArrayList<>();
    events.forEach(event -> written.add(envelope.write(event)));

    // When they go through the broker and are read back
    RawKafka.send(kafka, written);
    List<ConsumerRecord<String, byte[]>> records = RawKafka.read(kafka, topic, events.size());

    // Then type, key, payload, mask, id and time are what was written
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      OutgoingEvent event = events.get(i);
      IncomingEvent incoming = envelope.read(records.get(i));
      assertEquals(event.eventType(), incoming.metadata().eventType());
      assertEquals("order-1", incoming.metadata().key());
      assertEquals(event.payload(), parse(incoming, event.payload()));
      assertEquals(event.fieldMask(), incoming.fieldMask());
      assertEquals(idWritten(written.get(i)), incoming.metadata().eventId());
      assertEquals(7, UUID.fromString(incoming.metadata().eventId()).version());
      assertEquals(
          Instant.ofEpochMilli(written.get(i).timestamp()), incoming.metadata().occurredAt());
      assertEquals(records.get(i).timestamp(), written.get(i).timestamp());
      ids.add(incoming.metadata().eventId());
    }
    assertEquals(ids.stream().sorted().toList(), ids, "ids made one after another sort in order");
  }

  @Test
  void restorecommerceRoundTripsEveryKindItHasWithTimeAndEventNameKey(EmbeddedKafka kafka)
      throws Exception {
    // Given every kind Restorecommerce has (no patches) written in its envelope
    Envelope envelope =
        Envelope.restorecommerce(EventNames.lowerCamel().with("OrderReplaced", "orderUpdated"));
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    List<OutgoingEvent> events =
        everyKind(topic).stream().filter(e -> e.fieldMask().isEmpty()).toList();
    List<ProducerRecord<String, byte[]>> written = events.stream().map(envelope::write).toList();

    // When they go through the broker and are read back
    RawKafka.send(kafka, written);
    List<ConsumerRecord<String, byte[]>> records = RawKafka.read(kafka, topic, events.size());

    // Then the key is the event name, there are no headers, and type, payload and time are intact
    assertEquals(
        List.of("orderCreated", "orderUpdated", "orderDeleted", "orderCompleted"),
        records.stream().map(ConsumerRecord::key).toList());
    for (int i = 0; i < events.size(); i++) {
      ConsumerRecord<String, byte[]> record = records.get(i);
      assertEquals(0, record.headers().toArray().length);
      IncomingEvent incoming = envelope.read(record);
      assertEquals(events.get(i).eventType(), incoming.metadata().eventType());
      assertEquals(events.get(i).payload(), parse(incoming, events.get(i).payload()));
      assertEquals(
          Instant.ofEpochMilli(written.get(i).timestamp()), incoming.metadata().occurredAt());
      assertEquals("", incoming.metadata().eventId(), "the wire has no place for an id");
      assertEquals("", incoming.metadata().key(), "the key names the event, not the resource");
    }
  }

  @Test
  void restorecommerceRefusesAPatchItCannotCarry() {
    OutgoingEvent patch = everyKind("orders").get(2);

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> Envelope.restorecommerce().write(patch));

    assertTrue(failure.getMessage().contains("OrderPatched"), failure.getMessage());
    assertTrue(failure.getMessage().contains("field mask"), failure.getMessage());
  }

  @Test
  void readerAcceptingSeveralEnvelopesReadsATopicThatMixesThem(EmbeddedKafka kafka)
      throws Exception {
    // Given one topic with events in all three envelopes, as during a migration
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    List<OutgoingEvent> events = everyKind(topic);
    Envelope lean = Envelope.lean();
    Envelope cloudEvents = Envelope.cloudEvents("/shop/orders");
    Envelope restorecommerce = Envelope.restorecommerce();
    List<ProducerRecord<String, byte[]>> written =
        List.of(
            restorecommerce.write(events.get(0)),
            cloudEvents.write(events.get(1)),
            lean.write(events.get(2)),
            cloudEvents.write(events.get(3)),
            lean.write(events.get(4)),
            restorecommerce.write(events.get(1)));
    RawKafka.send(kafka, written);
    List<ConsumerRecord<String, byte[]>> records = RawKafka.read(kafka, topic, written.size());

    // When a reader accepting all three reads them
    Envelope reader = Envelope.anyOf(lean, cloudEvents, restorecommerce);
    List<IncomingEvent> read = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      read.add(reader.read(record));
    }

    // Then each is read by its own envelope, in order
    assertEquals(
        List.of(
            "OrderCreated",
            "OrderReplaced",
            "OrderPatched",
            "OrderDeleted",
            "OrderCompleted",
            "OrderReplaced"),
        read.stream().map(e -> e.metadata().eventType()).toList());
    assertEquals(Optional.of(MASK), read.get(2).fieldMask());
    assertEquals(idWritten(written.get(1)), read.get(1).metadata().eventId());
    assertEquals(idWritten(written.get(2)), read.get(2).metadata().eventId());
    assertEquals(events.get(4).payload(), read.get(4).parse(Api.parser()));
    assertEquals("lean", reader.name(), "the first envelope is the one that writes");
    assertEquals(
        EventHeaders.EVENT_TYPE,
        reader.write(events.get(0)).headers().lastHeader(EventHeaders.EVENT_TYPE).key());
  }

  @Test
  void aRecordInNoAcceptedEnvelopeIsAnErrorNamingWhereAndWhich(EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    RawKafka.send(kafka, List.of(Envelope.restorecommerce().write(everyKind(topic).get(0))));
    ConsumerRecord<String, byte[]> record = RawKafka.read(kafka, topic, 1).get(0);

    EventDecodingException leanOnly =
        assertThrows(EventDecodingException.class, () -> Envelope.lean().read(record));
    EventDecodingException neither =
        assertThrows(
            EventDecodingException.class,
            () -> Envelope.anyOf(Envelope.lean(), Envelope.cloudEvents()).read(record));

    assertEquals(
        "record at " + topic + "-0@0 has no " + EventHeaders.EVENT_TYPE + " header",
        leanOnly.getMessage());
    assertTrue(neither.getMessage().startsWith("record at " + topic + "-0@0 is in none of"));
    assertTrue(neither.getMessage().contains("lean, cloudevents"), neither.getMessage());
  }

  @Test
  void leanRecordIsSmallAndReadableByName() {
    // The whole envelope of a created event: two short header names, 16 id bytes, the type
    ProducerRecord<String, byte[]> record = Envelope.lean().write(everyKind("orders").get(0));

    List<String> names = new ArrayList<>();
    int bytes = 0;
    for (var header : record.headers()) {
      names.add(header.key());
      bytes += header.key().length() + header.value().length;
    }

    assertEquals(List.of(EventHeaders.EVENT_ID, EventHeaders.EVENT_TYPE), names);
    assertEquals(16, record.headers().lastHeader(EventHeaders.EVENT_ID).value().length);
    assertEquals(
        "OrderCreated",
        new String(
            record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8));
    assertEquals("pe_id".length() + 16 + "pe_type".length() + "OrderCreated".length(), bytes);
    assertNotEquals(null, record.timestamp());
  }

  @ParameterizedTest
  @MethodSource("headerEnvelopes")
  void tombstoneRoundTripsWithNoValueAndItsType(Envelope envelope, EmbeddedKafka kafka)
      throws Exception {
    String topic = EmbeddedKafka.uniqueName("prices");
    kafka.createTopic(topic, 1);
    ProducerRecord<String, byte[]> written =
        envelope.write(OutgoingEvent.tombstone(topic, "p-1", "PriceDeleted", Type.getDescriptor()));

    RawKafka.send(kafka, List.of(written));
    ConsumerRecord<String, byte[]> record = RawKafka.read(kafka, topic, 1).get(0);
    IncomingEvent incoming = envelope.read(record);

    assertEquals(null, record.value());
    assertEquals("PriceDeleted", incoming.metadata().eventType());
    assertEquals("p-1", incoming.metadata().key());
    assertEquals(0, incoming.payload().length);
    assertEquals(idWritten(written), incoming.metadata().eventId());
  }

  @ParameterizedTest
  @MethodSource("headerEnvelopes")
  void callerChosenIdAndTimeRoundTrip(Envelope envelope, EmbeddedKafka kafka) throws Exception {
    // Given events whose publisher chose the id (a UUID, and an outbox row's text id) and time
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    Instant occurred = Instant.parse("2026-11-28T09:00:00.123Z");
    String uuid = "123e4567-e89b-12d3-a456-426614174000";
    OutgoingEvent created = everyKind(topic).get(0);
    List<ProducerRecord<String, byte[]>> written =
        List.of(
            envelope.write(created.withEventId(uuid).withOccurredAt(occurred)),
            envelope.write(created.withEventId("outbox-42").withOccurredAt(occurred)));

    // When they go through the broker and are read back
    RawKafka.send(kafka, written);
    List<ConsumerRecord<String, byte[]>> records = RawKafka.read(kafka, topic, 2);

    // Then both ids and the time are the caller's
    assertEquals(uuid, envelope.read(records.get(0)).metadata().eventId());
    assertEquals("outbox-42", envelope.read(records.get(1)).metadata().eventId());
    assertEquals(occurred, envelope.read(records.get(0)).metadata().occurredAt());
    assertEquals(occurred.toEpochMilli(), records.get(1).timestamp());
  }

  private static Message parse(IncomingEvent incoming, Message like) throws Exception {
    return incoming.parse(like.getParserForType());
  }

  /** The id the envelope put into {@code record}, in text form. */
  static String idWritten(ProducerRecord<String, byte[]> record) {
    var lean = record.headers().lastHeader(EventHeaders.EVENT_ID);
    if (lean != null) {
      return EventIds.toString(lean.value());
    }
    return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
  }
}
