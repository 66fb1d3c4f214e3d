package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.FieldMask;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** How a record's headers, key and value become an {@link IncomingEvent}. */
class KafkaSubscriptionRecordTest {

  private static final long RECORD_TIME = 1_700_000_000_000L;

  private static ConsumerRecord<String, byte[]> record(
      String key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        "orders",
        2,
        7,
        RECORD_TIME,
        TimestampType.CREATE_TIME,
        0,
        0,
        key,
        value,
        headers,
        Optional.empty());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void leanHeadersKeyAndTimestampBecomeMetadata() throws Exception {
    UUID id = UUID.fromString("019ac9ff-1a0b-7a3e-b1f0-6c2d9e4a8b17");
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventHeaders.EVENT_ID, bytes(id));
    headers.add(EventHeaders.FIELD_MASK, utf8("status,address.city"));
    headers.add(EventHeaders.EVENT_TYPE, utf8("OrderPatched"));

    IncomingEvent event =
        KafkaSubscription.toIncomingEvent(record("order-1", new byte[] {1, 2}, headers));

    assertEquals(
        new EventMetadata(
            "OrderPatched",
            "",
            id.toString(),
            Instant.ofEpochMilli(RECORD_TIME),
            "order-1",
            "orders",
            2,
            7),
        event.metadata());
    assertArrayEquals(new byte[] {1, 2}, event.payload());
    assertEquals(
        FieldMask.newBuilder().addPaths("status").addPaths("address.city").build(),
        event.requireFieldMask());
  }

  @Test
  void missingOptionalHeadersFallBackToEmpty() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventHeaders.EVENT_TYPE, utf8("OrderDeleted"));

    IncomingEvent event = KafkaSubscription.toIncomingEvent(record(null, null, headers));

    assertEquals("", event.metadata().eventId());
    assertEquals("", event.metadata().messageType());
    assertEquals("", event.metadata().key());
    assertEquals(Instant.ofEpochMilli(RECORD_TIME), event.metadata().occurredAt());
    assertEquals(0, event.payload().length);
    assertEquals(Optional.empty(), event.fieldMask());
  }

  @Test
  void eventIdThatIsNoUuidIsReadAsText() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventHeaders.EVENT_ID_TEXT, utf8("outbox-42"));
    headers.add(EventHeaders.EVENT_TYPE, utf8("OrderCreated"));

    IncomingEvent event = KafkaSubscription.toIncomingEvent(record("k", new byte[0], headers));

    assertEquals("outbox-42", event.metadata().eventId());
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  @Test
  void missingEventTypeIsADecodingFailure() {
    EventDecodingException failure =
        assertThrows(
            EventDecodingException.class,
            () -> KafkaSubscription.toIncomingEvent(record("k", new byte[0], new RecordHeaders())));

    assertEquals(
        "record at orders-2@7 has no " + EventHeaders.EVENT_TYPE + " header", failure.getMessage());
  }
}
