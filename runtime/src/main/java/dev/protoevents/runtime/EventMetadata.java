package dev.protoevents.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * Where and when a received event was recorded: its type, id, time and Kafka coordinates.
 *
 * @param eventType the event type, e.g. {@code OrderCreated}
 * @param messageType full protobuf name of the payload, e.g. {@code shop.Order}
 * @param eventId unique id the publisher gave the event
 * @param occurredAt when the event occurred according to its publisher
 * @param key the record key: the id of the resource the event is about
 * @param topic the topic the record was read from
 * @param partition the partition the record was read from
 * @param offset the record's offset in that partition
 * @param deliveryAttempt how many times this subscription has handed this record to its listener,
 *     this time included (1 on the first attempt; it starts again at 1 after a rebalance moved the
 *     partition or a restart)
 */
public record EventMetadata(
    String eventType,
    String messageType,
    String eventId,
    Instant occurredAt,
    String key,
    String topic,
    int partition,
    long offset,
    int deliveryAttempt) {

  /** Checks that no component is null and that the Kafka coordinates are valid. */
  public EventMetadata {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(messageType, "messageType");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0 but was " + partition);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
    }
    if (deliveryAttempt < 1) {
      throw new IllegalArgumentException("deliveryAttempt must be >= 1 but was " + deliveryAttempt);
    }
  }

  /** Metadata of a first delivery attempt. */
  public EventMetadata(
      String eventType,
      String messageType,
      String eventId,
      Instant occurredAt,
      String key,
      String topic,
      int partition,
      long offset) {
    this(eventType, messageType, eventId, occurredAt, key, topic, partition, offset, 1);
  }

  /** The same metadata for delivery attempt number {@code attempt}. */
  public EventMetadata withDeliveryAttempt(int attempt) {
    return new EventMetadata(
        eventType, messageType, eventId, occurredAt, key, topic, partition, offset, attempt);
  }
}
