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
 */
public record EventMetadata(
    String eventType,
    String messageType,
    String eventId,
    Instant occurredAt,
    String key,
    String topic,
    int partition,
    long offset) {

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
  }
}
