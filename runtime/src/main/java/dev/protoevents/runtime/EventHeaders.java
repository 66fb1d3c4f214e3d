package dev.protoevents.runtime;

/**
 * Names of the Kafka record headers of the lean envelope ({@link
 * dev.protoevents.runtime.envelope.Envelope#lean()}), the default.
 *
 * <p>The record key is the resource id (UTF-8), the value the binary protobuf payload and the
 * record timestamp the time the event occurred; these headers carry what those do not say. The
 * names are short, ASCII and readable in {@code kafka-console-consumer} and kcat:
 *
 * <pre>
 * key=order-1  timestamp=1764325530123  headers: pe_id=&lt;16 bytes&gt;, pe_type=OrderCreated
 * </pre>
 */
public final class EventHeaders {
  /** Event type, e.g. {@code OrderCreated}: {@value}. */
  public static final String EVENT_TYPE = "pe_type";

  /**
   * Unique id of this event, for de-duplication downstream: {@value}, 16 bytes in the UUIDv7 layout
   * (time-ordered), shown as the UUID {@code 019ac9e2-...}.
   */
  public static final String EVENT_ID = "pe_id";

  /** An event id that is not a UUID (chosen by the publisher), as UTF-8 text: {@value}. */
  public static final String EVENT_ID_TEXT = "pe_id_text";

  /**
   * Field mask of a patched event, only on patches: {@value}, the changed paths comma-separated
   * ({@code status,address.city}).
   */
  public static final String FIELD_MASK = "pe_mask";

  /**
   * Id of the event that caused this one, as UTF-8 text (the cause's {@link
   * EventMetadata#eventId()}): {@value}. Processors write it on every event they emit.
   */
  public static final String CAUSATION_ID = "pe_causation";

  /**
   * Correlation id of the chain of events this one belongs to, as UTF-8 text: {@value}. A processor
   * copies its input's, or uses the input's event id if the input has none.
   */
  public static final String CORRELATION_ID = "pe_correlation";

  /**
   * The W3C Trace Context header {@value}, copied unchanged from cause to effect (in every envelope
   * with headers).
   */
  public static final String TRACEPARENT = "traceparent";

  /** The W3C Trace Context header {@value}, copied unchanged with {@link #TRACEPARENT}. */
  public static final String TRACESTATE = "tracestate";

  private EventHeaders() {}
}
