package dev.protoevents.runtime;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.protoevents.runtime.internal.RecordEnvelope;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A received event record before it is decoded into a typed event: its metadata, the raw protobuf
 * payload and, for patched events, the field mask. Generated decoders ({@code OrderTopic.decode})
 * turn it into the typed event.
 *
 * <p>Read from a record, the field mask is decoded when it is first asked for. Immutable and
 * thread-safe.
 */
public final class IncomingEvent {

  private static final byte[] NO_BYTES = new byte[0];

  private final EventMetadata metadata;
  private final byte[] payload;
  private final ConsumerRecord<String, byte[]> record; // null if the field mask is known
  private final RecordEnvelope envelope;
  private Optional<FieldMask> fieldMask; // decoded on first use (racy but benign)

  /**
   * An event with known parts.
   *
   * @param metadata type, id, time and Kafka coordinates of the record
   * @param payload the record value: binary protobuf
   * @param fieldMask the field mask, if the record carries one
   */
  public IncomingEvent(EventMetadata metadata, byte[] payload, Optional<FieldMask> fieldMask) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.fieldMask = Objects.requireNonNull(fieldMask, "fieldMask");
    this.record = null;
    this.envelope = null;
  }

  private IncomingEvent(
      EventMetadata metadata, ConsumerRecord<String, byte[]> record, RecordEnvelope envelope) {
    this.metadata = metadata;
    this.payload = record.value() == null ? NO_BYTES : record.value();
    this.record = record;
    this.envelope = envelope;
  }

  /**
   * The event in {@code record} whose field mask {@code envelope} decodes when it is first asked
   * for. For protoevents' envelopes; applications use the constructor.
   */
  public static IncomingEvent ofRecord(
      EventMetadata metadata, ConsumerRecord<String, byte[]> record, RecordEnvelope envelope) {
    return new IncomingEvent(
        Objects.requireNonNull(metadata, "metadata"),
        Objects.requireNonNull(record, "record"),
        Objects.requireNonNull(envelope, "envelope"));
  }

  /** Type, id, time and Kafka coordinates of the record. */
  public EventMetadata metadata() {
    return metadata;
  }

  /** The record value: binary protobuf (not a copy; do not change it). */
  public byte[] payload() {
    return payload;
  }

  /**
   * The field mask, if the record carries one.
   *
   * @throws IllegalArgumentException if the record carries one that cannot be read
   */
  public Optional<FieldMask> fieldMask() {
    Optional<FieldMask> value = fieldMask;
    if (value == null) {
      value = envelope.fieldMask(record);
      fieldMask = value;
    }
    return value;
  }

  /**
   * Parses the payload with {@code parser}.
   *
   * @throws EventDecodingException if the bytes are not a valid message of that type
   */
  public <M extends Message> M parse(Parser<M> parser) throws EventDecodingException {
    M message;
    try {
      message = parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      String type = metadata.messageType().isEmpty() ? "message" : metadata.messageType();
      throw new EventDecodingException(
          "payload of " + describe() + " is not a valid " + type + ": " + e.getMessage(), e);
    }
    metadata.parsedAs(message.getDescriptorForType().getFullName());
    return message;
  }

  /**
   * The field mask of a patched event.
   *
   * @throws EventDecodingException if the record carries no field mask, or one that cannot be read
   */
  public FieldMask requireFieldMask() throws EventDecodingException {
    Optional<FieldMask> mask;
    try {
      mask = fieldMask();
    } catch (IllegalArgumentException e) {
      throw new EventDecodingException(
          describe() + " has an invalid field mask: " + e.getMessage());
    }
    return mask.orElseThrow(
        () ->
            new EventDecodingException(
                describe() + " has no field mask (" + EventHeaders.FIELD_MASK + " header)"));
  }

  /** A short description of the record for error messages: type, topic, partition and offset. */
  public String describe() {
    return metadata.eventType()
        + " record at "
        + metadata.topic()
        + "-"
        + metadata.partition()
        + "@"
        + metadata.offset();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IncomingEvent that
        && metadata.equals(that.metadata)
        && Arrays.equals(payload, that.payload)
        && fieldMask().equals(that.fieldMask());
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, Arrays.hashCode(payload), fieldMask());
  }

  @Override
  public String toString() {
    return "IncomingEvent[" + describe() + ", " + payload.length + " bytes]";
  }
}
