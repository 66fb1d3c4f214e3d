package dev.protoevents.runtime.internal;

import com.google.protobuf.FieldMask;
import dev.protoevents.runtime.Causation;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.FieldMasks;
import dev.protoevents.runtime.OutgoingEvent;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The lean default envelope: key = resource id, value = protobuf, timestamp = when the event
 * occurred, headers {@code pe_id} (16 bytes, UUIDv7 layout), on patches {@code pe_mask}, when set
 * {@code pe_causation}, {@code pe_correlation}, {@code traceparent} and {@code tracestate}, and
 * {@code pe_type} last, where a header lookup, which starts at the end, finds it first.
 */
public final class LeanEnvelope extends RecordEnvelope {

  /** The one instance: the envelope has no settings. */
  public static final LeanEnvelope INSTANCE = new LeanEnvelope();

  private final HeaderStrings eventTypes = new HeaderStrings();

  private LeanEnvelope() {}

  @Override
  public String name() {
    return LEAN;
  }

  @Override
  ProducerRecord<String, byte[]> write(
      OutgoingEvent event, Optional<String> eventId, Optional<Instant> occurredAt) {
    long millis = millis(occurredAt);
    Header id;
    if (eventId.isEmpty()) {
      id = new RecordHeader(EventHeaders.EVENT_ID, EventIds.next(millis));
    } else {
      byte[] uuid = EventIds.parse(eventId.get());
      id =
          uuid != null
              ? new RecordHeader(EventHeaders.EVENT_ID, uuid)
              : new RecordHeader(EventHeaders.EVENT_ID_TEXT, utf8(eventId.get()));
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add(id);
    if (event.fieldMask().isPresent()) {
      headers.add(EventHeaders.FIELD_MASK, utf8(FieldMasks.toHeader(event.fieldMask().get())));
    }
    Causation causation = event.causation();
    if (!causation.isEmpty()) {
      causation.causationId().ifPresent(v -> headers.add(EventHeaders.CAUSATION_ID, utf8(v)));
      causation.correlationId().ifPresent(v -> headers.add(EventHeaders.CORRELATION_ID, utf8(v)));
      addTraceContext(causation, headers);
    }
    headers.add(EventHeaders.EVENT_TYPE, utf8(event.eventType()));
    return new ProducerRecord<>(event.topic(), null, millis, event.key(), value(event), headers);
  }

  @Override
  public boolean recognizes(ConsumerRecord<String, byte[]> record) {
    return record.headers().lastHeader(EventHeaders.EVENT_TYPE) != null;
  }

  @Override
  public String eventType(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    byte[] type = header(record, EventHeaders.EVENT_TYPE);
    if (type == null) {
      throw missing(record, EventHeaders.EVENT_TYPE + " header");
    }
    return eventTypes.get(type);
  }

  @Override
  public String eventId(ConsumerRecord<String, byte[]> record) {
    byte[] id = header(record, EventHeaders.EVENT_ID);
    if (id != null) {
      return id.length == EventIds.LENGTH
          ? EventIds.toString(id)
          : new String(id, java.nio.charset.StandardCharsets.UTF_8);
    }
    String text = textHeader(record, EventHeaders.EVENT_ID_TEXT);
    return text == null ? "" : text;
  }

  @Override
  public Causation causation(ConsumerRecord<String, byte[]> record) {
    Causation trace = super.causation(record);
    return new Causation(
        optionalText(record, EventHeaders.CAUSATION_ID),
        optionalText(record, EventHeaders.CORRELATION_ID),
        trace.traceparent(),
        trace.tracestate());
  }

  @Override
  public Optional<FieldMask> fieldMask(ConsumerRecord<String, byte[]> record) {
    String mask = textHeader(record, EventHeaders.FIELD_MASK);
    return mask == null ? Optional.empty() : Optional.of(FieldMasks.fromHeader(mask));
  }
}
