package dev.protoevents.runtime;

/**
 * A received record could not be turned into a typed event: unknown event type, missing header or
 * bytes that are not the declared protobuf message. Not retriable: the same bytes fail again.
 *
 * <p>An unknown event type ({@link #isUnknownEventType()}) is not an error of the record: a newer
 * producer may publish types an older consumer does not know, and subscriptions hand such records
 * to {@link EventListener#onUnknown} instead of treating them as undeliverable.
 */
public class EventDecodingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A decoding failure described by {@code message}. */
  public EventDecodingException(String message) {
    super(message);
  }

  /** A decoding failure described by {@code message}, caused by {@code cause}. */
  public EventDecodingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The record's event type is not one of the resource's events. */
  public static UnknownEventTypeException unknownEventType(IncomingEvent event) {
    return new UnknownEventTypeException(
        event.metadata().eventType(),
        "unknown event type '" + event.metadata().eventType() + "' in " + event.describe());
  }

  /**
   * True if the record is well-formed but its event type is not one the decoder knows (an {@link
   * UnknownEventTypeException}); false for bytes or headers that cannot be read.
   */
  public boolean isUnknownEventType() {
    return this instanceof UnknownEventTypeException;
  }
}
