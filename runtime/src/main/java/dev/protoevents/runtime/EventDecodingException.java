package dev.protoevents.runtime;

/**
 * A received record could not be turned into a typed event: unknown event type, missing header or
 * bytes that are not the declared protobuf message. Not retriable: the same bytes fail again.
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
}
