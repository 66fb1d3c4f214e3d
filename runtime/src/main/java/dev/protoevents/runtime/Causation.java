package dev.protoevents.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an event comes from: the id of the event that caused it, the correlation id shared by every
 * event of one chain, and the W3C trace context ({@code traceparent}, {@code tracestate}) passed on
 * unchanged. Processors set it on every event they emit ({@link #causedBy}); a publisher call can
 * set it by hand ({@link OutgoingEvent#withCausation}).
 *
 * <pre>{@code
 * publisher.publish(OutgoingEvent.of(InvoiceTopic.NAME, id, "InvoiceCreated", invoice)
 *     .withCausation(Causation.causedBy(orderCompleted.metadata())));
 * }</pre>
 *
 * @param causationId the id of the event that caused this one
 * @param correlationId the id that ties a whole chain of events together
 * @param traceparent the W3C {@code traceparent} header value
 * @param tracestate the W3C {@code tracestate} header value
 */
public record Causation(
    Optional<String> causationId,
    Optional<String> correlationId,
    Optional<String> traceparent,
    Optional<String> tracestate) {

  /** No cause, no correlation, no trace context. */
  public static final Causation NONE =
      new Causation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks that no component is null and that no present value is empty. */
  public Causation {
    requireNotEmpty(causationId, "causationId");
    requireNotEmpty(correlationId, "correlationId");
    requireNotEmpty(traceparent, "traceparent");
    requireNotEmpty(tracestate, "tracestate");
  }

  /**
   * The causation of an event caused by the event {@code cause} describes: its id as the causation
   * id; its correlation id, or its own id when it has none, as the correlation id; its {@code
   * traceparent} and {@code tracestate} unchanged.
   */
  public static Causation causedBy(EventMetadata cause) {
    Objects.requireNonNull(cause, "cause");
    Optional<String> id = nonEmpty(cause.eventId());
    Causation incoming = cause.causation();
    return new Causation(
        id, incoming.correlationId().or(() -> id), incoming.traceparent(), incoming.tracestate());
  }

  /** The same causation with causation id {@code id}. */
  public Causation withCausationId(String id) {
    return new Causation(Optional.of(id), correlationId, traceparent, tracestate);
  }

  /** The same causation with correlation id {@code id}. */
  public Causation withCorrelationId(String id) {
    return new Causation(causationId, Optional.of(id), traceparent, tracestate);
  }

  /** The same causation with the W3C {@code traceparent} {@code value}. */
  public Causation withTraceparent(String value) {
    return new Causation(causationId, correlationId, Optional.of(value), tracestate);
  }

  /** The same causation with the W3C {@code tracestate} {@code value}. */
  public Causation withTracestate(String value) {
    return new Causation(causationId, correlationId, traceparent, Optional.of(value));
  }

  /** True if nothing is set. */
  public boolean isEmpty() {
    return causationId.isEmpty()
        && correlationId.isEmpty()
        && traceparent.isEmpty()
        && tracestate.isEmpty();
  }

  /** This causation, with every part it lacks taken from {@code other}. */
  public Causation orElse(Causation other) {
    return new Causation(
        causationId.or(other::causationId),
        correlationId.or(other::correlationId),
        traceparent.or(other::traceparent),
        tracestate.or(other::tracestate));
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static void requireNotEmpty(Optional<String> value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isPresent() && value.get().isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
