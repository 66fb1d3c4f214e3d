package dev.protoevents.runtime;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import java.util.Objects;
import java.util.Optional;

/**
 * One event to publish: the topic, the record key (resource id), the event type and the payload.
 *
 * <p>Generated publishers build these; {@code EventPublisher.publish(OutgoingEvent)} writes them.
 *
 * <pre>{@code
 * publisher.publish(OutgoingEvent.of(OrderTopic.NAME, order.getId(), "OrderCreated", order));
 * }</pre>
 *
 * @param topic the resource topic
 * @param key the id of the resource the event is about
 * @param eventType the event type, e.g. {@code OrderCreated}
 * @param payload the protobuf payload, written as the record value
 * @param fieldMask for patched events, the paths that changed
 */
public record OutgoingEvent(
    String topic, String key, String eventType, Message payload, Optional<FieldMask> fieldMask) {

  /** Checks that no component is null and that topic, key and type are not empty. */
  public OutgoingEvent {
    requireNotEmpty(topic, "topic");
    requireNotEmpty(key, "key");
    requireNotEmpty(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(fieldMask, "fieldMask");
  }

  /** An event without a field mask. */
  public static OutgoingEvent of(String topic, String key, String eventType, Message payload) {
    return new OutgoingEvent(topic, key, eventType, payload, Optional.empty());
  }

  /** The same event carrying {@code mask} as the paths that changed. */
  public OutgoingEvent withFieldMask(FieldMask mask) {
    return new OutgoingEvent(topic, key, eventType, payload, Optional.of(mask));
  }

  private static void requireNotEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
