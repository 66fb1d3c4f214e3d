package dev.protoevents.runtime;

import dev.protoevents.runtime.internal.RecordEnvelope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where and when a received event was recorded: its type, id, time and Kafka coordinates; what
 * caused it ({@link #causation()}: causation id, correlation id, W3C trace context) and all the
 * record's headers.
 *
 * <p>Metadata read from a record decodes the event id and time from the record the first time
 * {@link #eventId()} or {@link #occurredAt()} is called, so a handler that does not ask for them
 * does not pay for them. Immutable and thread-safe.
 *
 * <pre>{@code
 * public void onCreated(OrderEvent.Created e) {
 *   log.info("{} {} at {}", e.metadata().eventType(), e.metadata().key(), e.metadata().offset());
 * }
 * }</pre>
 */
public final class EventMetadata {

  private final String eventType;
  private final String key;
  private final String topic;
  private final int partition;
  private final long offset;
  private final int deliveryAttempt;

  /** The record and the envelope that decode what is not decoded yet; null if all is known. */
  private final ConsumerRecord<String, byte[]> record;

  private final RecordEnvelope envelope;

  // Decoded on first use. Racy but benign: every thread computes the same immutable value.
  private String messageType;
  private String eventId;
  private Instant occurredAt;
  private Causation causation;

  /**
   * Metadata of delivery attempt {@code deliveryAttempt}.
   *
   * @param eventType the event type, e.g. {@code OrderCreated}
   * @param messageType full protobuf name of the payload, e.g. {@code shop.Order}; empty if unknown
   * @param eventId unique id the publisher gave the event; empty if the record carries none
   * @param occurredAt when the event occurred according to its publisher
   * @param key the record key: the id of the resource the event is about
   * @param topic the topic the record was read from
   * @param partition the partition the record was read from
   * @param offset the record's offset in that partition
   * @param deliveryAttempt how many times this subscription has handed this record to its listener,
   *     this time included (1 on the first attempt; it starts again at 1 after a rebalance moved
   *     the partition or a restart)
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if partition, offset or attempt are out of range
   */
  public EventMetadata(
      String eventType,
      String messageType,
      String eventId,
      Instant occurredAt,
      String key,
      String topic,
      int partition,
      long offset,
      int deliveryAttempt) {
    this(eventType, key, topic, partition, offset, deliveryAttempt, null, null);
    this.messageType = Objects.requireNonNull(messageType, "messageType");
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
    this.causation = Causation.NONE;
  }

  /** Metadata of a first delivery attempt; see the full constructor. */
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

  private EventMetadata(
      String eventType,
      String key,
      String topic,
      int partition,
      long offset,
      int deliveryAttempt,
      ConsumerRecord<String, byte[]> record,
      RecordEnvelope envelope) {
    this.eventType = Objects.requireNonNull(eventType, "eventType");
    this.key = Objects.requireNonNull(key, "key");
    this.topic = Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0 but was " + partition);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
    }
    if (deliveryAttempt < 1) {
      throw new IllegalArgumentException("deliveryAttempt must be >= 1 but was " + deliveryAttempt);
    }
    this.partition = partition;
    this.offset = offset;
    this.deliveryAttempt = deliveryAttempt;
    this.record = record;
    this.envelope = envelope;
  }

  /**
   * Metadata of {@code record} whose id, time and message type {@code envelope} decodes when they
   * are first asked for. For protoevents' envelopes; applications use the constructor.
   */
  public static EventMetadata ofRecord(
      ConsumerRecord<String, byte[]> record,
      String eventType,
      String key,
      int deliveryAttempt,
      RecordEnvelope envelope) {
    return new EventMetadata(
        eventType,
        key,
        record.topic(),
        record.partition(),
        record.offset(),
        deliveryAttempt,
        Objects.requireNonNull(record, "record"),
        Objects.requireNonNull(envelope, "envelope"));
  }

  /** The event type, e.g. {@code OrderCreated}. */
  public String eventType() {
    return eventType;
  }

  /**
   * Full protobuf name of the payload, e.g. {@code shop.Order}: the envelope says it, or it is the
   * message the payload was parsed as; empty until then, and for events with no payload parsed.
   */
  public String messageType() {
    String value = messageType;
    if (value == null) {
      value = envelope.messageType(record);
      messageType = value;
    }
    return value;
  }

  /** Unique id the publisher gave the event; empty if the record carries none. */
  public String eventId() {
    String value = eventId;
    if (value == null) {
      value = envelope.eventId(record);
      eventId = value;
    }
    return value;
  }

  /** When the event occurred according to its publisher. */
  public Instant occurredAt() {
    Instant value = occurredAt;
    if (value == null) {
      value = envelope.occurredAt(record);
      occurredAt = value;
    }
    return value;
  }

  /**
   * What caused the event: the causing event's id, the correlation id of its chain and the W3C
   * trace context, as far as the record carries them ({@link Causation#NONE} if it carries none, as
   * in the Restorecommerce envelope, which has no headers).
   */
  public Causation causation() {
    Causation value = causation;
    if (value == null) {
      value = envelope.causation(record);
      causation = value;
    }
    return value;
  }

  /** The id of the event that caused this one, if the record says. */
  public Optional<String> causationId() {
    return causation().causationId();
  }

  /** The correlation id of the chain of events this one belongs to, if the record says. */
  public Optional<String> correlationId() {
    return causation().correlationId();
  }

  /** The W3C {@code traceparent} the record carries, if any. */
  public Optional<String> traceparent() {
    return causation().traceparent();
  }

  /**
   * Every header of the record, in the order written (a read-only copy; empty for metadata not read
   * from a record).
   */
  public Headers headers() {
    RecordHeaders copy =
        record == null ? new RecordHeaders() : new RecordHeaders(record.headers().toArray());
    copy.setReadOnly();
    return copy;
  }

  /** The record key: the id of the resource the event is about (empty if the key is no id). */
  public String key() {
    return key;
  }

  /** The topic the record was read from. */
  public String topic() {
    return topic;
  }

  /** The partition the record was read from. */
  public int partition() {
    return partition;
  }

  /** The record's offset in that partition. */
  public long offset() {
    return offset;
  }

  /**
   * How many times this subscription has handed this record to its listener, this time included (1
   * on the first attempt; it starts again at 1 after a rebalance moved the partition or a restart).
   */
  public int deliveryAttempt() {
    return deliveryAttempt;
  }

  /** The same metadata for delivery attempt number {@code attempt}. */
  public EventMetadata withDeliveryAttempt(int attempt) {
    EventMetadata copy =
        new EventMetadata(eventType, key, topic, partition, offset, attempt, record, envelope);
    copy.messageType = messageType;
    copy.eventId = eventId;
    copy.occurredAt = occurredAt;
    copy.causation = causation;
    return copy;
  }

  /** Called when the payload was parsed as {@code fullName}, if no message type is known yet. */
  void parsedAs(String fullName) {
    if (messageType == null || messageType.isEmpty()) {
      messageType = fullName;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventMetadata that
        && eventType.equals(that.eventType)
        && messageType().equals(that.messageType())
        && eventId().equals(that.eventId())
        && occurredAt().equals(that.occurredAt())
        && key.equals(that.key)
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && deliveryAttempt == that.deliveryAttempt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        eventType,
        messageType(),
        eventId(),
        occurredAt(),
        key,
        topic,
        partition,
        offset,
        deliveryAttempt);
  }

  @Override
  public String toString() {
    return "EventMetadata[eventType="
        + eventType
        + ", messageType="
        + messageType()
        + ", eventId="
        + eventId()
        + ", occurredAt="
        + occurredAt()
        + ", key="
        + key
        + ", topic="
        + topic
        + ", partition="
        + partition
        + ", offset="
        + offset
        + ", deliveryAttempt="
        + deliveryAttempt
        + "]";
  }
}
