package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Type;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.internal.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Reading a record decodes the event type only; the rest waits until it is asked for. */
class LazyDecodingTest {

  /** Headers that note which ones were looked up. */
  static final class NotingHeaders implements Headers {
    final Headers headers;
    final List<String> lookedUp = new ArrayList<>();

    NotingHeaders(Headers headers) {
      this.headers = headers;
    }

    @Override
    public Header lastHeader(String key) {
      lookedUp.add(key);
      return headers.lastHeader(key);
    }

    @Override
    public Iterable<Header> headers(String key) {
      lookedUp.add(key);
      return headers.headers(key);
    }

    @Override
    public Headers add(Header header) {
      return headers.add(header);
    }

    @Override
    public Headers add(String key, byte[] value) {
      return headers.add(key, value);
    }

    @Override
    public Headers remove(String key) {
      return headers.remove(key);
    }

    @Override
    public Header[] toArray() {
      return headers.toArray();
    }

    @Override
    public Iterator<Header> iterator() {
      return headers.iterator();
    }
  }

  /** {@code written} as a consumer would receive it, with headers that note lookups. */
  private static ConsumerRecord<String, byte[]> received(
      ProducerRecord<String, byte[]> written, NotingHeaders headers) {
    return new ConsumerRecord<>(
        "orders",
        2,
        7,
        written.timestamp(),
        TimestampType.CREATE_TIME,
        -1,
        written.value().length,
        written.key(),
        written.value(),
        headers,
        Optional.empty());
  }

  @Test
  void leanReadDecodesTheTypeNowAndIdTimeAndMaskOnFirstUse() throws Exception {
    // Given a patch written lean
    Type order = Type.newBuilder().setName("order-1").build();
    FieldMask mask = FieldMask.newBuilder().addPaths("name").build();
    ProducerRecord<String, byte[]> written =
        Envelope.lean()
            .write(
                OutgoingEvent.of("orders", "order-1", "OrderPatched", order).withFieldMask(mask));
    NotingHeaders headers = new NotingHeaders(new RecordHeaders(written.headers().toArray()));

    // When it is read
    IncomingEvent incoming = Envelope.lean().read(received(written, headers));

    // Then only the type header was looked at
    assertEquals(List.of(EventHeaders.EVENT_TYPE), headers.lookedUp);
    assertEquals("OrderPatched", incoming.metadata().eventType());
    assertEquals("order-1", incoming.metadata().key());

    // And the id, the time and the mask are decoded once, when first asked for
    EventMetadata metadata = incoming.metadata();
    String id = metadata.eventId();
    assertSame(id, metadata.eventId());
    assertEquals(
        EventIds.toString(written.headers().lastHeader(EventHeaders.EVENT_ID).value()), id);
    assertEquals(Instant.ofEpochMilli(written.timestamp()), metadata.occurredAt());
    assertEquals(Optional.of(mask), incoming.fieldMask());
    assertEquals(Optional.of(mask), incoming.fieldMask());
    assertEquals(
        List.of(EventHeaders.EVENT_TYPE, EventHeaders.EVENT_ID, EventHeaders.FIELD_MASK),
        headers.lookedUp);
  }

  @Test
  void parsingThePayloadTellsTheMessageTypeTheWireDoesNotCarry() throws Exception {
    Type order = Type.newBuilder().setName("order-1").build();
    ProducerRecord<String, byte[]> written =
        Envelope.lean().write(OutgoingEvent.of("orders", "order-1", "OrderCreated", order));
    IncomingEvent incoming =
        Envelope.lean()
            .read(received(written, new NotingHeaders(new RecordHeaders(written.headers()))));

    assertEquals("", incoming.metadata().messageType());
    assertEquals(order, incoming.parse(Type.parser()));
    assertEquals("google.protobuf.Type", incoming.metadata().messageType());
  }

  @Test
  void eventTypeStringsAreSharedBetweenRecords() throws Exception {
    Type order = Type.newBuilder().setName("order-1").build();
    ProducerRecord<String, byte[]> first =
        Envelope.lean().write(OutgoingEvent.of("orders", "order-1", "OrderCreated", order));
    ProducerRecord<String, byte[]> second =
        Envelope.lean().write(OutgoingEvent.of("orders", "order-2", "OrderCreated", order));

    String a =
        Envelope.lean()
            .read(received(first, new NotingHeaders(new RecordHeaders(first.headers()))))
            .metadata()
            .eventType();
    String b =
        Envelope.lean()
            .read(received(second, new NotingHeaders(new RecordHeaders(second.headers()))))
            .metadata()
            .eventType();

    assertSame(a, b);
  }
}
