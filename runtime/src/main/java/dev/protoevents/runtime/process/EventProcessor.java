package dev.protoevents.runtime.process;

import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.internal.ProcessorLoop;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A running processor: a consumer in group {@code groupId} reading one topic with {@code
 * isolation.level=read_committed}, and a transactional producer. Per polled batch it begins a
 * transaction, hands each event to the handler (which emits through its {@link ProcessorContext}),
 * sends the batch's offsets to the transaction with the consumer's group metadata and commits: the
 * emitted events and the input offsets become visible together or not at all, so a crash neither
 * loses nor duplicates an output for {@code read_committed} readers.
 *
 * <pre>{@code
 * try (EventProcessor billing = OrderTopic.process(kafkaConfig, "billing", new BillingProcessor())) {
 *   billing.awaitAssignment(Duration.ofSeconds(30));
 *   ...
 * }
 * }</pre>
 *
 * <p>A failing event aborts the transaction; the events before it in the batch commit in a
 * transaction of their own, and it is retried with the {@code protoevents.retry.*} backoff (its
 * partition paused meanwhile), then dead-lettered to {@code <topic>.dlq} in the transaction that
 * commits past it. The producer's {@code transactional.id} is {@code <transactional.id>-<topic>} if
 * the configuration sets {@code transactional.id} (then it must be unique per instance and stable
 * across its restarts, which lets a restart abort what a crashed run left open), else {@code
 * <group>-<topic>-<random UUID>} with {@code transaction.timeout.ms} defaulting to 10 s.
 */
public interface EventProcessor extends AutoCloseable {

  /**
   * Starts processing {@code topic} in group {@code groupId} on a thread of its own.
   *
   * @param kafkaConfig Kafka client properties for the consumer and the producer ({@code
   *     bootstrap.servers} required) and {@link ProtoeventsConfig} settings (retries, dead-letter
   *     suffix, envelopes, close timeout)
   * @throws IllegalArgumentException if a required property is missing or a setting is invalid
   */
  static <E> EventProcessor start(
      Map<String, ?> kafkaConfig,
      String groupId,
      String topic,
      EventDecoder<? extends E> decoder,
      ProcessorListener<E> listener) {
    Objects.requireNonNull(kafkaConfig, "kafkaConfig");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(listener, "listener");
    return ProcessorLoop.start(kafkaConfig, groupId, topic, decoder, listener);
  }

  /** The input topic. */
  String topic();

  /** The consumer group. */
  String groupId();

  /** The producer's {@code transactional.id}. */
  String transactionalId();

  /**
   * {@code STARTING} until the group assigned partitions, {@code RUNNING}, {@code PAUSED} while a
   * partition waits for a retry, {@code STOPPING}, then {@code STOPPED} or {@code FAILED}.
   */
  SubscriptionState state();

  /** Why the processor failed, if it did (for example fenced by another instance). */
  Optional<Throwable> failure();

  /** Counters since the start. */
  ProcessorStats stats();

  /**
   * Waits until the group has assigned this processor its partitions and the producer is ready;
   * false if the processor stopped or the time ran out.
   */
  boolean awaitAssignment(Duration timeout) throws InterruptedException;

  /** Waits for the processor's thread to end; true if it has. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Stops after the current event, aborts the open transaction (its events never become visible,
   * its offsets stay uncommitted), closes the clients and leaves the group; waits at most {@code
   * timeout}, then interrupts the handler. Idempotent.
   */
  void close(Duration timeout);

  /** {@link #close(Duration)} with {@code protoevents.close.timeout.ms} (default 30 s). */
  @Override
  void close();
}
