package dev.protoevents.runtime.internal;

import com.google.protobuf.FieldMask;
import dev.protoevents.runtime.Causation;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Base of the built-in envelopes: reading split into one method per attribute, so that the event
 * type can be read eagerly and everything else only when asked; writing given the event id and time
 * the caller chose, if any.
 */
public abstract class RecordEnvelope implements Envelope {

  /** Package-private: only the built-in envelopes extend this. */
  RecordEnvelope() {}

  @Override
  public final ProducerRecord<String, byte[]> write(OutgoingEvent event) {
    return write(event, event.eventId(), event.occurredAt());
  }

  /**
   * The record of {@code event} with the id and time the caller chose, or new ones if empty.
   *
   * @throws IllegalArgumentException if this envelope cannot carry the event
   */
  abstract ProducerRecord<String, byte[]> write(
      OutgoingEvent event, Optional<String> eventId, Optional<Instant> occurredAt);

  @Override
  public final IncomingEvent read(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return read(record, 1);
  }

  /**
   * The event in {@code record} on delivery attempt {@code deliveryAttempt}: the event type and key
   * now, the rest when asked for.
   *
   * @throws EventDecodingException if the record has no event type in this envelope
   */
  public final IncomingEvent read(ConsumerRecord<String, byte[]> record, int deliveryAttempt)
      throws EventDecodingException {
    EventMetadata metadata =
        EventMetadata.ofRecord(record, eventType(record), key(record), deliveryAttempt, this);
    return IncomingEvent.ofRecord(metadata, record, this);
  }

  /**
   * The event type of {@code record}, e.g. {@code OrderCreated}; the same instance for the same
   * type where possible.
   *
   * @throws EventDecodingException if the record carries none
   */
  public abstract String eventType(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException;

  /** The id of the resource the event is about; empty if the record does not carry it. */
  public String key(ConsumerRecord<String, byte[]> record) {
    return record.key() == null ? "" : record.key();
  }

  /** The event id; empty if the record carries none. */
  public abstract String eventId(ConsumerRecord<String, byte[]> record);

  /** When the event occurred; by default the record's timestamp. */
  public Instant occurredAt(ConsumerRecord<String, byte[]> record) {
    return recordTime(record);
  }

  /**
   * The field mask of a patched event, if the record carries one.
   *
   * @throws IllegalArgumentException if it carries one that cannot be read
   */
  public abstract Optional<FieldMask> fieldMask(ConsumerRecord<String, byte[]> record);

  /**
   * The causation id, correlation id and trace context the record carries; by default the W3C
   * {@code traceparent} and {@code tracestate} headers only.
   */
  public Causation causation(ConsumerRecord<String, byte[]> record) {
    return new Causation(
        Optional.empty(),
        Optional.empty(),
        optionalText(record, EventHeaders.TRACEPARENT),
        optionalText(record, EventHeaders.TRACESTATE));
  }

  /** Adds the W3C trace context of {@code causation} to {@code headers}. */
  static void addTraceContext(Causation causation, RecordHeaders headers) {
    causation.traceparent().ifPresent(v -> headers.add(EventHeaders.TRACEPARENT, utf8(v)));
    causation.tracestate().ifPresent(v -> headers.add(EventHeaders.TRACESTATE, utf8(v)));
  }

  /** The UTF-8 value of the last header called {@code name}, if present and not empty. */
  static Optional<String> optionalText(ConsumerRecord<?, ?> record, String name) {
    String text = textHeader(record, name);
    return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** Full protobuf name of the payload, if the record says; empty otherwise. */
  public String messageType(ConsumerRecord<String, byte[]> record) {
    return "";
  }

  @Override
  public String toString() {
    return name();
  }

  /** The record's timestamp as an instant; a record without one (-1) gives the epoch. */
  static Instant recordTime(ConsumerRecord<?, ?> record) {
    return Instant.ofEpochMilli(Math.max(0, record.timestamp()));
  }

  /** Milliseconds of {@code occurredAt}, or now. */
  static long millis(Optional<Instant> occurredAt) {
    return occurredAt.isPresent() ? occurredAt.get().toEpochMilli() : System.currentTimeMillis();
  }

  /** The value of the last header called {@code name}, or null. */
  static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : header.value();
  }

  /** The UTF-8 value of the last header called {@code name}, or null. */
  static String textHeader(ConsumerRecord<?, ?> record, String name) {
    byte[] value = header(record, name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** The record value of {@code event}: its payload, or null for a tombstone. */
  static byte[] value(OutgoingEvent event) {
    return event.tombstone() ? null : event.payload().toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static EventDecodingException missing(ConsumerRecord<?, ?> record, String what) {
    return new EventDecodingException(
        "record at " + IncomingRecords.coordinates(record) + " has no " + what);
  }
}
