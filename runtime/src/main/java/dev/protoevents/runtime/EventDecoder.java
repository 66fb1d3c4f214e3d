package dev.protoevents.runtime;

import dev.protoevents.runtime.envelope.Envelope;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a received record into the typed event of one resource. Generated per resource ({@code
 * OrderTopic::decode}).
 *
 * <p>A topic whose generated code fixes its wire format (a Restorecommerce resource) has a decoder
 * that names its {@link #envelope() envelope}; subscriptions and state feeds read the topic with it
 * unless the configuration names one for that topic ({@code protoevents.envelope.topics}).
 *
 * @param <E> the resource's sealed event type
 */
@FunctionalInterface
public interface EventDecoder<E> {
  /**
   * Decodes one record.
   *
   * @throws EventDecodingException if the record is not an event of this resource
   */
  E decode(IncomingEvent event) throws EventDecodingException;

  /**
   * The envelope the topic's records are written in, if the generated code declares one; empty (the
   * default) leaves the choice to the configuration.
   */
  default Optional<Envelope> envelope() {
    return Optional.empty();
  }

  /**
   * {@code decoder}, declaring that its topic's records are in {@code envelope}. Generated for
   * Restorecommerce resources: {@code EventDecoder.inEnvelope(UserTopic.ENVELOPE,
   * UserTopic::decode)}.
   */
  static <E> EventDecoder<E> inEnvelope(Envelope envelope, EventDecoder<E> decoder) {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(decoder, "decoder");
    return new EventDecoder<>() {
      @Override
      public E decode(IncomingEvent event) throws EventDecodingException {
        return decoder.decode(event);
      }

      @Override
      public Optional<Envelope> envelope() {
        return Optional.of(envelope);
      }

      @Override
      public String toString() {
        return "EventDecoder[" + envelope.name() + "]";
      }
    };
  }
}
