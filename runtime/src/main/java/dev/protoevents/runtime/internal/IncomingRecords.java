package dev.protoevents.runtime.internal;

import com.google.protobuf.FieldMask;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.FieldMasks;
import dev.protoevents.runtime.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the envelope of a consumed record: headers, key and value into an {@link IncomingEvent}.
 */
public final class IncomingRecords {

  private static final Logger log = LoggerFactory.getLogger(IncomingRecords.class);

  private IncomingRecords() {}

  /**
   * The undecoded event of {@code record}, on its first delivery attempt.
   *
   * @throws EventDecodingException if the record has no event type header or an invalid field mask
   */
  public static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return toIncomingEvent(record, 1);
  }

  /**
   * The undecoded event of {@code record}, handed to a listener for the {@code attempt}-th time.
   *
   * @throws EventDecodingException if the record has no event type header or an invalid field mask
   */
  public static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record, int attempt)
      throws EventDecodingException {
    String eventType =
        header(record, EventHeaders.EVENT_TYPE)
            .orElseThrow(
                () ->
                    new EventDecodingException(
                        "record at "
                            + coordinates(record)
                            + " has no "
                            + EventHeaders.EVENT_TYPE
                            + " header"));
    Instant recordTime = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    Instant occurredAt =
        header(record, EventHeaders.OCCURRED_AT)
            .map(text -> parseInstant(text, record).orElse(recordTime))
            .orElse(recordTime);
    Optional<FieldMask> fieldMask;
    try {
      fieldMask = header(record, EventHeaders.FIELD_MASK).map(FieldMasks::fromHeader);
    } catch (RuntimeException e) {
      throw new EventDecodingException(
          "record at " + coordinates(record) + " has an invalid " + EventHeaders.FIELD_MASK, e);
    }
    EventMetadata metadata =
        new EventMetadata(
            eventType,
            header(record, EventHeaders.MESSAGE_TYPE).orElse(""),
            header(record, EventHeaders.EVENT_ID).orElse(""),
            occurredAt,
            record.key() == null ? "" : record.key(),
            record.topic(),
            record.partition(),
            record.offset(),
            attempt);
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    return new IncomingEvent(metadata, payload, fieldMask);
  }

  private static Optional<Instant> parseInstant(String text, ConsumerRecord<?, ?> record) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      // A bad time stamp is no reason to hold up the stream; the broker's time is close enough.
      log.warn(
          "record at {} has an invalid {} header '{}'; using the record timestamp",
          coordinates(record),
          EventHeaders.OCCURRED_AT,
          text);
      return Optional.empty();
    }
  }

  private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  /** {@code topic-partition@offset} of {@code record}, for messages. */
  public static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
