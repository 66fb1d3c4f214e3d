package dev.protoevents.runtime;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Objects;
import java.util.Optional;

/**
 * A received event record before it is decoded into a typed event: its metadata, the raw protobuf
 * payload and, for patched events, the field mask.
 *
 * @param metadata type, id, time and Kafka coordinates of the record
 * @param payload the record value: binary protobuf
 * @param fieldMask the field mask header, if the record carries one
 */
public record IncomingEvent(EventMetadata metadata, byte[] payload, Optional<FieldMask> fieldMask) {

  /** Checks that no component is null. */
  public IncomingEvent {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(fieldMask, "fieldMask");
  }

  /**
   * Parses the payload with {@code parser}.
   *
   * @throws EventDecodingException if the bytes are not a valid message of that type
   */
  public <M extends Message> M parse(Parser<M> parser) throws EventDecodingException {
    try {
      return parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new EventDecodingException(
          "payload of "
              + describe()
              + " is not a valid "
              + metadata.messageType()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The field mask of a patched event.
   *
   * @throws EventDecodingException if the record carries no field mask header
   */
  public FieldMask requireFieldMask() throws EventDecodingException {
    return fieldMask.orElseThrow(
        () ->
            new EventDecodingException(
                describe() + " has no " + EventHeaders.FIELD_MASK + " header"));
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
}
