package dev.protoevents.runtime;

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
 * @param payload the protobuf payload, written as the record value
 * @param fieldMask for patched events, the paths that changed
 * @param eventId the event id to write; empty: the publisher generates a random UUID
 * @param occurredAt when the event occurred; empty: the publisher uses the time of publishing
 */
public record OutgoingEvent(
    String topic,
    String key,
    String eventType,
    Message payload,
    Optional<FieldMask> fieldMask,
    Optional<String> eventId,
    Optional<Instant> occurredAt) {

  /** Checks that no component is null, that topic, key and type are not empty, nor a given id. */
  public OutgoingEvent {
    requireNotEmpty(topic, "topic");
    requireNotEmpty(key, "key");
    requireNotEmpty(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(fieldMask, "fieldMask");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    eventId.ifPresent(id -> requireNotEmpty(id, "eventId"));
  }

  /** An event whose id and time the publisher chooses. */
  public OutgoingEvent(
      String topic, String key, String eventType, Message payload, Optional<FieldMask> fieldMask) {
    this(topic, key, eventType, payload, fieldMask, Optional.empty(), Optional.empty());
  }

  /** An event without a field mask. */
  public static OutgoingEvent of(String topic, String key, String eventType, Message payload) {
    return new OutgoingEvent(topic, key, eventType, payload, Optional.empty());
  }

  /** The same event carrying {@code mask} as the paths that changed. */
  public OutgoingEvent withFieldMask(FieldMask mask) {
    return new OutgoingEvent(
        topic, key, eventType, payload, Optional.of(mask), eventId, occurredAt);
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
        topic, key, eventType, payload, fieldMask, Optional.of(id), occurredAt);
  }

  /** The same event saying it occurred at {@code time} instead of when it is published. */
  public OutgoingEvent withOccurredAt(Instant time) {
    return new OutgoingEvent(topic, key, eventType, payload, fieldMask, eventId, Optional.of(time));
  }

  private static void requireNotEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
