package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.envelope.Envelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The decode step of a subscription: a record becomes an {@link IncomingEvent} through the topic's
 * envelope, then an event of the subscriber's type through its {@link EventDecoder}.
 *
 * @param <E> the type of the decoded events
 */
public final class RecordDecoding<E> {

  private final Envelope envelope;
  private final EventDecoder<? extends E> decoder;

  /** Reads records with {@code envelope} and decodes them with {@code decoder}. */
  public RecordDecoding(Envelope envelope, EventDecoder<? extends E> decoder) {
    this.envelope = envelope;
    this.decoder = decoder;
  }

  /**
   * The undecoded event of {@code record}, delivered for the {@code attempt}-th time.
   *
   * @throws EventDecodingException if the envelope cannot read the record
   */
  public IncomingEvent read(ConsumerRecord<String, byte[]> record, int attempt)
      throws EventDecodingException {
    return IncomingRecords.toIncomingEvent(record, envelope, attempt);
  }

  /**
   * Decodes {@code incoming}.
   *
   * @throws EventDecodingException if the decoder does not know its type ({@link
   *     EventDecodingException#isUnknownEventType()}), fails on it, or returns no event
   */
  public E decode(IncomingEvent incoming) throws EventDecodingException {
    E event;
    try {
      event = decoder.decode(incoming);
    } catch (RuntimeException e) {
      throw new EventDecodingException("the decoder failed on " + incoming.describe(), e);
    }
    if (event == null) {
      throw new EventDecodingException("the decoder returned no event for " + incoming.describe());
    }
    return event;
  }
}
