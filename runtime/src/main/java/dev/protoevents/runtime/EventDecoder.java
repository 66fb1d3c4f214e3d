package dev.protoevents.runtime;

/**
 * Turns a received record into the typed event of one resource. Generated per resource ({@code
 * OrderTopic::decode}).
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
}
