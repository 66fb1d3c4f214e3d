package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.envelope.Envelope;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one place where consumed records become {@link IncomingEvent}s: through the topic's {@link
 * Envelope}, the lean one unless told otherwise.
 */
public final class IncomingRecords {

  private IncomingRecords() {}

  /**
   * The undecoded event of {@code record}, on its first delivery attempt, read with the lean
   * envelope.
   *
   * @throws EventDecodingException if the record has no event type header
   */
  public static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return toIncomingEvent(record, Envelope.lean(), 1);
  }

  /**
   * The undecoded event of {@code record}, handed to a listener for the {@code attempt}-th time,
   * read with the lean envelope.
   *
   * @throws EventDecodingException if the record has no event type header
   */
  public static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record, int attempt)
      throws EventDecodingException {
    return toIncomingEvent(record, Envelope.lean(), attempt);
  }

  /**
   * The undecoded event of {@code record}, handed to a listener for the {@code attempt}-th time,
   * read with {@code envelope}.
   *
   * @throws EventDecodingException if the record is not one {@code envelope} can read
   */
  public static IncomingEvent toIncomingEvent(
      ConsumerRecord<String, byte[]> record, Envelope envelope, int attempt)
      throws EventDecodingException {
    Objects.requireNonNull(record, "record");
    Envelope reader = envelope;
    if (reader instanceof AnyOfEnvelope any) {
      reader = any.accepting(record);
    }
    if (reader instanceof RecordEnvelope builtIn) {
      return builtIn.read(record, attempt); // lazy: only the type is decoded now
    }
    IncomingEvent event = reader.read(record);
    if (event == null) {
      throw new EventDecodingException(
          "envelope " + reader.name() + " read no event from " + coordinates(record));
    }
    return attempt == event.metadata().deliveryAttempt()
        ? event
        : new IncomingEvent(
            event.metadata().withDeliveryAttempt(attempt), event.payload(), event.fieldMask());
  }

  /** {@code topic-partition@offset} of {@code record}, for messages. */
  public static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
