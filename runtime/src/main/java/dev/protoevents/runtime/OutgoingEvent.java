package dev.protoevents.runtime;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event to publish: the topic, the record key (resource id), the event type and the payload;
 * optionally the event id and time the caller chose.
 *
 * <p>Generated publishers build these; {@code EventPublisher.publish(OutgoingEvent)} writes them.
 *
 * <pre>{@code
 * publisher.publish(OutgoingEvent.of(OrderTopic.NAME, order.getId(), "OrderCreated", order)
 *     .withEventId(outboxRow.eventId())          // keep the id when resending
 *     .withOccurredAt(outboxRow.createdAt()));
 * }</pre>
 *
 * @param topic the resource topic
 * @param key the id of the resource the event is about
 * @param eventType the event type, e.g. {@code OrderCreated}
 * @param payload the protobuf payload, written as the record value; for a tombstone, the empty
 *     message of the resource type, which only names the type and is not written
 * @param fieldMask for patched events, the paths that changed
 * @param tombstone the record has no value (see {@link #tombstone})
 * @param eventId the event id to write; empty: the publisher generates a random UUID
 * @param occurredAt when the event occurred; empty: the publisher uses the time of publishing
 * @param causation the causing event's id, the correlation id and the trace context, written as
 *     headers where the topic's envelope has them ({@link Causation#NONE}: none)
 */
public record OutgoingEvent(
    String topic,
    String key,
    String eventType,
    Message payload,
    Optional<FieldMask> fieldMask,
    boolean tombstone,
    Optional<String> eventId,
    Optional<Instant> occurredAt,
    Causation causation) {

  /**
   * Checks that no component is null, that topic, key and type are not empty, nor a given id, and
   * that a tombstone has no field mask.
   */
  public OutgoingEvent {
    requireNotEmpty(topic, "topic");
    requireNotEmpty(key, "key");
    requireNotEmpty(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(fieldMask, "fieldMask");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(causation, "causation");
    eventId.ifPresent(id -> requireNotEmpty(id, "eventId"));
    if (tombstone && fieldMask.isPresent()) {
      throw new IllegalArgumentException(
          "a tombstone (" + eventType + " of key " + key + ") carries no field mask");
    }
  }

  /** An event without causation. */
  public OutgoingEvent(
      String topic,
      String key,
      String eventType,
      Message payload,
      Optional<FieldMask> fieldMask,
      boolean tombstone,
      Optional<String> eventId,
      Optional<Instant> occurredAt) {
    this(topic, key, eventType, payload, fieldMask, tombstone, eventId, occurredAt, Causation.NONE);
  }

  /** An event whose id and time the publisher chooses. */
  public OutgoingEvent(
      String topic,
      String key,
      String eventType,
      Message payload,
      Optional<FieldMask> fieldMask,
      boolean tombstone) {
    this(topic, key, eventType, payload, fieldMask, tombstone, Optional.empty(), Optional.empty());
  }

  /** An event that is not a tombstone, whose id and time the publisher chooses. */
  public OutgoingEvent(
      String topic, String key, String eventType, Message payload, Optional<FieldMask> fieldMask) {
    this(topic, key, eventType, payload, fieldMask, false);
  }

  /** An event without a field mask. */
  public static OutgoingEvent of(String topic, String key, String eventType, Message payload) {
    return new OutgoingEvent(topic, key, eventType, payload, Optional.empty(), false);
  }

  /**
   * A tombstone: a record with key {@code key} and no value (null), which tells a compacted topic
   * to remove the key in the end. It keeps the envelope's event type (and id) headers, so consumers
   * see which event it is ({@code OrderDeleted}) while it lasts; the key is the resource id.
   *
   * <pre>{@code
   * publisher.publish(OutgoingEvent.tombstone(PriceTopic.NAME, "p-1", "PriceDeleted",
   *     Price.getDescriptor()));
   * }</pre>
   *
   * @param messageType the resource message type (the envelopes do not send it; it types the empty
   *     payload)
   */
  public static OutgoingEvent tombstone(
      String topic, String key, String eventType, Descriptor messageType) {
    Objects.requireNonNull(messageType, "messageType");
    return new OutgoingEvent(
        topic,
        key,
        eventType,
        DynamicMessage.getDefaultInstance(messageType),
        Optional.empty(),
        true);
  }

  /** The same event carrying {@code mask} as the paths that changed. */
  public OutgoingEvent withFieldMask(FieldMask mask) {
    return new OutgoingEvent(
        topic,
        key,
        eventType,
        payload,
        Optional.of(mask),
        tombstone,
        eventId,
        occurredAt,
        causation);
  }

  /**
   * The same event with the id {@code id} instead of a generated one, for example to resend an
   * event whose first publish timed out, or to relay it from an outbox, so consumers can
   * de-duplicate by {@link EventMetadata#eventId()}.
   *
   * @throws IllegalArgumentException if {@code id} is empty
   */
  public OutgoingEvent withEventId(String id) {
    return new OutgoingEvent(
        topic,
        key,
        eventType,
        payload,
        fieldMask,
        tombstone,
        Optional.of(id),
        occurredAt,
        causation);
  }

  /** The same event saying it occurred at {@code time} instead of when it is published. */
  public OutgoingEvent withOccurredAt(Instant time) {
    return new OutgoingEvent(
        topic,
        key,
        eventType,
        payload,
        fieldMask,
        tombstone,
        eventId,
        Optional.of(time),
        causation);
  }

  /**
   * The same event with {@code causation}: the causing event's id, the correlation id and the trace
   * context, written as headers ({@code pe_causation}, {@code pe_correlation}, {@code traceparent},
   * {@code tracestate} in the lean envelope; the Restorecommerce envelope has no headers and drops
   * them).
   */
  public OutgoingEvent withCausation(Causation causation) {
    return new OutgoingEvent(
        topic, key, eventType, payload, fieldMask, tombstone, eventId, occurredAt, causation);
  }

  /** The same event saying it was caused by the event with id {@code id}. */
  public OutgoingEvent withCausationId(String id) {
    return withCausation(causation.withCausationId(id));
  }

  /** The same event with correlation id {@code id}. */
  public OutgoingEvent withCorrelationId(String id) {
    return withCausation(causation.withCorrelationId(id));
  }

  /** The same event carrying the W3C trace context header {@code traceparent}. */
  public OutgoingEvent withTraceparent(String traceparent) {
    return withCausation(causation.withTraceparent(traceparent));
  }

  private static void requireNotEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
