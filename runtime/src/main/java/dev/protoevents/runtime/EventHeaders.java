package dev.protoevents.runtime;

/**
 * Names of the Kafka record headers that protoevents writes on every event record.
 *
 * <p>The record key is the resource id (UTF-8) and the value is the binary protobuf payload; these
 * headers carry what the payload alone does not say.
 */
public final class EventHeaders {
  /** Event type, e.g. {@code OrderCreated}. */
  public static final String EVENT_TYPE = "protoevents-event-type";

  /** Full protobuf name of the payload message, e.g. {@code shop.Order}. */
  public static final String MESSAGE_TYPE = "protoevents-message-type";

  /** Unique id of this event (a random UUID), for de-duplication downstream. */
  public static final String EVENT_ID = "protoevents-event-id";

  /**
   * When the event occurred, as an ISO-8601 UTC instant such as {@code 2026-11-28T10:15:30.123Z}.
   */
  public static final String OCCURRED_AT = "protoevents-occurred-at";

  /**
   * Field mask of a patched event: the changed paths, comma-separated ({@code
   * status,address.city}).
   */
  public static final String FIELD_MASK = "protoevents-field-mask";

  private EventHeaders() {}
}
