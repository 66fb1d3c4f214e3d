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
   * The undecoded event of {@code record}, read with the lean envelope.
   *
   * @throws EventDecodingException if the record has no event type header
   */
  public static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return toIncomingEvent(record, Envelope.lean());
  }

  /**
   * The undecoded event of {@code record}, read with {@code envelope}.
   *
   * @throws EventDecodingException if the record is not one {@code envelope} can read
   */
  public static IncomingEvent toIncomingEvent(
      ConsumerRecord<String, byte[]> record, Envelope envelope) throws EventDecodingException {
    Objects.requireNonNull(record, "record");
    return envelope.read(record);
  }

  /** {@code topic-partition@offset} of {@code record}, for messages. */
  public static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
