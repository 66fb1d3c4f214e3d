package dev.protoevents.runtime;

import dev.protoevents.runtime.envelope.Envelope;
import dev.protoevents.runtime.internal.TopicEnvelopes;
import dev.protoevents.runtime.metrics.internal.Metrics;
import dev.protoevents.runtime.metrics.internal.PublishMeters;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to Kafka: one idempotent producer per service (acks=all by default), each event in
 * its topic's {@link dev.protoevents.runtime.envelope.Envelope envelope} (the lean one unless
 * {@link ProtoeventsConfig#ENVELOPE} or {@link ProtoeventsConfig#ENVELOPE_TOPICS} choose another):
 * record key = resource id, value = binary protobuf, timestamp = when the event occurred, headers
 * per {@link EventHeaders}. Thread-safe.
 *
 * <p>With {@link ProtoeventsConfig#METRICS_REGISTRY} it counts and times what it publishes and
 * binds its producer's own metrics.
 *
 * <pre>{@code
 * try (EventPublisher publisher = EventPublisher.create(Map.of("bootstrap.servers", servers))) {
 *   new OrderPublisher(publisher).created(order).join();
 * }
 * }</pre>
 */
public final class EventPublisher implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final TopicEnvelopes envelopes;
  private final PublishMeters meters;
  private final AutoCloseable clientMetrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EventPublisher(
      Producer<String, byte[]> producer, TopicEnvelopes envelopes, Metrics metrics) {
    this.producer = producer;
    this.envelopes = envelopes;
    this.meters = metrics.publish();
    this.clientMetrics = metrics.bindClient(producer);
  }

  /**
   * A publisher configured from plain Kafka producer properties ({@code bootstrap.servers} is
   * required). Key and value serializers are set by protoevents; other keys pass through. {@code
   * acks} defaults to {@code all} and, unless a weaker {@code acks} is given, {@code
   * enable.idempotence} to {@code true}.
   *
   * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or empty, a {@link
   *     ProtoeventsConfig} setting is unknown or invalid, or {@code transactional.id} is set (use a
   *     processor, {@link dev.protoevents.runtime.process.EventProcessor}, to emit in transactions)
   */
  public static EventPublisher create(Map<String, ?> kafkaConfig) {
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
    if (properties.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null) {
      // A transactional producer fails every send outside a transaction; an event publisher has
      // none to offer, so the setting could only break it.
      throw new IllegalArgumentException(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG
              + " '"
              + properties.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
              + "' is not for an EventPublisher, whose sends are not in transactions; to emit"
              + " events and commit input offsets atomically, use a processor"
              + " (EventProcessor.start or the generated <Resource>Topic.process), which runs"
              + " its own transactional producer");
    }
    TopicEnvelopes envelopes = TopicEnvelopes.from(kafkaConfig);
    Metrics metrics = Metrics.from(kafkaConfig);
    Object acks = properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    // Idempotence requires acks=all; forcing it on a user's weaker acks would make Kafka refuse
    // the whole configuration instead of just running without it.
    if (acks == null || "all".equals(String.valueOf(acks)) || "-1".equals(String.valueOf(acks))) {
      properties.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new EventPublisher(new KafkaProducer<>(properties), envelopes, metrics);
  }

  /**
   * Sends one event. The future completes with the record's metadata once the broker has
   * acknowledged it, or exceptionally with the producer's exception (for example a {@link
   * org.apache.kafka.common.errors.TimeoutException} when no broker acknowledged it within {@code
   * delivery.timeout.ms}); such an event may or may not have been stored, so resend it with the
   * same {@link OutgoingEvent#withEventId event id} to let consumers de-duplicate.
   *
   * <p>A {@link OutgoingEvent#tombstone tombstone} is written with a null value.
   *
   * <p>The future completes on the producer's I/O thread, so dependent stages that block or take
   * long should run on an executor of their own ({@code thenApplyAsync(..., executor)}); if the
   * record fails before it is handed to that thread (for example it is too large), the future is
   * already complete when this method returns. Like {@link KafkaProducer#send}, this call may block
   * up to {@code max.block.ms} while the topic's metadata is fetched or the buffer is full.
   *
   * @throws IllegalArgumentException if the event's field mask names a field its payload does not
   *     have (the message names the path and the message type), or the topic's envelope cannot
   *     carry the event (a patch in the Restorecommerce envelope)
   * @throws IllegalStateException if the publisher is closed
   */
  public CompletableFuture<RecordMetadata> publish(OutgoingEvent event) {
    return publish(event, Optional.empty());
  }

  /**
   * Like {@link #publish(OutgoingEvent)}, for a topic whose generated code fixes its wire format (a
   * Restorecommerce resource): the event is written in {@code topicEnvelope} unless the
   * configuration names an envelope for its topic ({@code protoevents.envelope.topics}).
   *
   * @throws IllegalArgumentException as {@link #publish(OutgoingEvent)} does
   * @throws IllegalStateException if the publisher is closed
   */
  public CompletableFuture<RecordMetadata> publish(OutgoingEvent event, Envelope topicEnvelope) {
    return publish(event, Optional.of(Objects.requireNonNull(topicEnvelope, "topicEnvelope")));
  }

  private CompletableFuture<RecordMetadata> publish(
      OutgoingEvent event, Optional<Envelope> declared) {
    Objects.requireNonNull(event, "event");
    if (closed.get()) {
      throw new IllegalStateException("publisher is closed; cannot publish " + event.eventType());
    }
    if (event.fieldMask().isPresent()) {
      FieldMasks.validate(event.fieldMask().get(), event.payload().getDescriptorForType());
    }
    ProducerRecord<String, byte[]> record = envelopes.writer(event.topic(), declared).write(event);

    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    long start = meters.start();
    try {
      producer.send(
          record,
          (metadata, exception) -> {
            meters.published(event.topic(), event.eventType(), start, exception == null);
            if (exception != null) {
              result.completeExceptionally(exception);
            } else {
              result.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      // send() reports most failures through the callback, but not all (e.g. a producer closed
      // concurrently); callers should have a single place to look.
      meters.published(event.topic(), event.eventType(), start, false);
      result.completeExceptionally(e);
    }
    return result;
  }

  /** Blocks until every event sent so far has been acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  /** Flushes and closes the producer, waiting at most {@code timeout}. Idempotent. */
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (closed.compareAndSet(false, true)) {
      try {
        clientMetrics.close();
      } catch (Exception e) {
        // unbinding meters cannot fail in a way that matters to closing the producer
      }
      producer.close(timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
