package dev.protoevents.runtime;

/**
 * A record's event type is not one the consumer's generated code knows: typically a newer producer
 * added an event. Consumers skip it (forward compatibility) instead of treating it as bad bytes.
 */
public class UnknownEventTypeException extends EventDecodingException {
  private static final long serialVersionUID = 1L;

  private final String eventType;

  /** The event type {@code eventType} is unknown; {@code message} says where it was met. */
  public UnknownEventTypeException(String eventType, String message) {
    super(message);
    this.eventType = eventType;
  }

  /** The unknown event type, e.g. {@code OrderArchived}. */
  public String eventType() {
    return eventType;
  }
}
