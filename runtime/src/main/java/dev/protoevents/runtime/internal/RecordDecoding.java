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

  /** What the decoder made of an incoming event. */
  public sealed interface Decoded<E> permits Event, Unknown, Undecodable {}

  /** An event the listener gets. */
  public record Event<E>(E event) implements Decoded<E> {}

  /** An event of a type the decoder does not know: for the listener's {@code onUnknown}. */
  public record Unknown<E>(IncomingEvent incoming) implements Decoded<E> {}

  /** An event the decoder failed on. */
  public record Undecodable<E>(EventDecodingException cause) implements Decoded<E> {}

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

  /** Decodes {@code incoming}; never throws for a failure of the decoder. */
  public Decoded<E> decode(IncomingEvent incoming) {
    try {
      E event = decoder.decode(incoming);
      if (event == null) {
        throw new EventDecodingException(
            "the decoder returned no event for " + incoming.describe());
      }
      return new Event<>(event);
    } catch (EventDecodingException e) {
      return e.isUnknownEventType() ? new Unknown<>(incoming) : new Undecodable<>(e);
    } catch (RuntimeException e) {
      return new Undecodable<>(
          new EventDecodingException("the decoder failed on " + incoming.describe(), e));
    }
  }
}
