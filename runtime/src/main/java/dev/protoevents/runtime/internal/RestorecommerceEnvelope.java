package dev.protoevents.runtime.internal;

import com.google.protobuf.FieldMask;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.envelope.EventNames;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Restorecommerce's {@code kafka-client} wire: key = the event name ({@code orderCreated}), value =
 * protobuf, no headers; the record timestamp is when the event occurred. The record carries no
 * event id and no resource id: {@code eventId()} and {@code key()} of what it reads are empty, and
 * the resource id is in the payload. Patches do not exist there, so a field mask cannot be written.
 */
public final class RestorecommerceEnvelope extends RecordEnvelope {

  private final EventNames names;

  /** The envelope naming events with {@code names}. */
  public RestorecommerceEnvelope(EventNames names) {
    this.names = names;
  }

  @Override
  public String name() {
    return RESTORECOMMERCE;
  }

  @Override
  ProducerRecord<String, byte[]> write(
      OutgoingEvent event, Optional<String> eventId, Optional<Instant> occurredAt) {
    if (event.fieldMask().isPresent()) {
      throw new IllegalArgumentException(
          "the "
              + RESTORECOMMERCE
              + " envelope has no place for a field mask, so "
              + event.eventType()
              + " cannot be written to "
              + event.topic()
              + "; publish the full state (replaced) instead");
    }
    return new ProducerRecord<>(
        event.topic(), null, millis(occurredAt), names.wireName(event.eventType()), value(event));
  }

  /** A record without any header. */
  @Override
  public boolean recognizes(ConsumerRecord<String, byte[]> record) {
    return !record.headers().iterator().hasNext();
  }

  @Override
  public String eventType(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    if (record.key() == null || record.key().isEmpty()) {
      throw missing(record, "key: the " + RESTORECOMMERCE + " envelope names the event there");
    }
    return names.eventType(record.key());
  }

  /** Empty: the key is the event name, the resource id is in the payload. */
  @Override
  public String key(ConsumerRecord<String, byte[]> record) {
    return "";
  }

  @Override
  public String eventId(ConsumerRecord<String, byte[]> record) {
    return "";
  }

  @Override
  public Optional<FieldMask> fieldMask(ConsumerRecord<String, byte[]> record) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return RESTORECOMMERCE + "[" + names + "]";
  }
}
