package dev.protoevents.runtime;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
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
 * @param payload the protobuf payload, written as the record value; for a tombstone, the empty
 *     message of the resource type, which only names the type and is not written
 * @param fieldMask for patched events, the paths that changed
 * @param tombstone the record has no value (see {@link #tombstone})
 */
public record OutgoingEvent(
    String topic,
    String key,
    String eventType,
    Message payload,
    Optional<FieldMask> fieldMask,
    boolean tombstone) {

  /**
   * Checks that no component is null, that topic, key and type are not empty, and that a tombstone
   * has no field mask.
   */
  public OutgoingEvent {
    requireNotEmpty(topic, "topic");
    requireNotEmpty(key, "key");
    requireNotEmpty(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(fieldMask, "fieldMask");
    if (tombstone && fieldMask.isPresent()) {
      throw new IllegalArgumentException(
          "a tombstone (" + eventType + " of key " + key + ") carries no field mask");
    }
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
    return new OutgoingEvent(topic, key, eventType, payload, Optional.of(mask), tombstone);
  }

  private static void requireNotEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
