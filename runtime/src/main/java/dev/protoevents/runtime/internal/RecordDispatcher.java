package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventListener;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.ProtoeventsConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch step of a subscription, and the one place that decides what becomes of a record:
 * {@link #handle} decodes it and hands it to the listener; a failure is retried later ({@link
 * #retryLater}: the partition is sought back and paused, see {@link PartitionRetries}); a record
 * given up on is dead-lettered, handed to the user's handler or stops the subscription ({@link
 * #undeliverable}); an event type the decoder does not know goes to the listener's {@code
 * onUnknown} ({@link #unknown}). Poll thread only.
 *
 * @param <E> the type of the decoded events
 */
public final class RecordDispatcher<E> {

  private static final Logger log = LoggerFactory.getLogger(RecordDispatcher.class);

  /** Bounds waiting for a dead letter's acknowledgement; it is tried again after a backoff. */
  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(15);

  /** The reason given for a record that cannot be decoded. */
  public static final String UNDECODABLE = "undecodable";

  /** The reason given for a record whose listener failed on every attempt. */
  public static final String LISTENER_FAILED = "listener-failed";

  private final SubscriptionSettings settings;
  private final String groupId;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final Consumer<String, byte[]> consumer;
  private final RecordDecoding<E> decoding;
  private final EventListener<E> listener;
  private final PartitionRetries retries;
  private final SubscriptionStatus status;
  private final DeliveryStats stats;

  /** Events handled since {@link #publishStats}, counted in {@code stats} once per batch. */
  private long handledUnpublished;

  /** Dispatches the records of {@code consumer} to {@code listener}. */
  public RecordDispatcher(
      SubscriptionSettings settings,
      Consumer<String, byte[]> consumer,
      RecordDecoding<E> decoding,
      EventListener<E> listener,
      PartitionRetries retries,
      SubscriptionStatus status,
      DeliveryStats stats) {
    this.settings = settings;
    this.groupId = settings.groupId();
    this.retryPolicy = settings.retryPolicy();
    this.consumer = consumer;
    this.decoding = decoding;
    this.listener = listener;
    this.retries = retries;
    this.status = status;
    this.stats = stats;
  }

  /**
   * Decodes {@code record} and hands it to the listener once.
   *
   * @return what became of the record
   * @throws InterruptedException if interrupted while writing a dead letter and not closing
   */
  public Outcome handle(TopicPartition partition, ConsumerRecord<String, byte[]> record)
      throws InterruptedException {
    int attempt = retries.attemptsBefore(partition, record.offset()) + 1;
    IncomingEvent incoming;
    try {
      incoming = decoding.read(record, attempt);
    } catch (EventDecodingException e) {
      return undeliverable(partition, record, e, 0, UNDECODABLE);
    }
    if (attempt > retryPolicy.maxAttempts()) {
      // Only after a dead letter could not be written: the listener has had all its attempts.
      Throwable cause = retries.lastCause(partition, record.offset());
      boolean undecodable = cause instanceof EventDecodingException;
      return undeliverable(
          partition,
          record,
          cause,
          undecodable ? 0 : retryPolicy.maxAttempts(),
          undecodable ? UNDECODABLE : LISTENER_FAILED);
    }
    E event;
    try {
      event = decoding.decode(incoming);
    } catch (EventDecodingException e) {
      return e.isUnknownEventType()
          ? unknown(partition, record, incoming, attempt)
          : undeliverable(partition, record, e, 0, UNDECODABLE);
    }
    try {
      listener.onEvent(event);
    } catch (Exception e) {
      // Errors (not Exceptions) of the listener pass through and stop the subscription.
      return failedAttempt(partition, record, attempt, e);
    }
    retries.done(partition);
    handledUnpublished++;
    return Outcome.DONE;
  }

  /** Adds the events handled since the last call to the counters; once per partition batch. */
  public void publishStats() {
    if (handledUnpublished > 0) {
      stats.handled(handledUnpublished);
      handledUnpublished = 0;
    }
  }

  /**
   * An event type the decoder does not know: counted (logged the first time per type) and handed to
   * the listener's {@code onUnknown}, which skips it by default.
   */
  private Outcome unknown(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      IncomingEvent incoming,
      int attempt)
      throws InterruptedException {
    if (attempt == 1) {
      String type = incoming.metadata().eventType();
      if (stats.unknown(type)) {
        log.info(
            "subscription of group {} to {} meets event type '{}' first at {}, which its decoder"
                + " does not know (a newer producer?); handing such events to onUnknown, by"
                + " default skipping them (logged once per type, counted in stats())",
            groupId,
            settings.topic(),
            type,
            incoming.describe());
      }
    }
    try {
      listener.onUnknown(incoming);
    } catch (Exception e) {
      return failedAttempt(partition, record, attempt, e);
    }
    retries.done(partition);
    return Outcome.DONE;
  }

  /** The listener threw on attempt {@code attempt}: retry later, or give up after the last. */
  private Outcome failedAttempt(
      TopicPartition partition, ConsumerRecord<String, byte[]> record, int attempt, Exception e)
      throws InterruptedException {
    if (status.closing()) {
      log.info(
          "listener of group {} failed on {} while closing; leaving it uncommitted",
          groupId,
          IncomingRecords.coordinates(record),
          e);
      return Outcome.ABANDON;
    }
    if (attempt >= retryPolicy.maxAttempts()) {
      return undeliverable(partition, record, e, attempt, LISTENER_FAILED);
    }
    long backoff = retryPolicy.backoffAfter(attempt);
    log.warn(
        "listener of group {} failed on {} (attempt {} of {}); retrying in {} ms",
        groupId,
        IncomingRecords.coordinates(record),
        attempt,
        retryPolicy.maxAttempts(),
        backoff,
        e);
    retryLater(partition, record, attempt, backoff, e);
    stats.retried();
    return Outcome.RETRY_LATER;
  }

  /** Seeks the partition back to {@code record} and pauses it for {@code backoffMillis}. */
  private void retryLater(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      int attempts,
      long backoffMillis,
      Throwable cause) {
    retries.schedule(partition, record.offset(), attempts, backoffMillis, cause);
    consumer.seek(partition, new OffsetAndMetadata(record.offset(), record.leaderEpoch(), ""));
    consumer.pause(List.of(partition));
  }

  /** Gives up on {@code record} as the policy says: dead letter, the user's handler, or stop. */
  private Outcome undeliverable(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Throwable cause,
      int attempts,
      String reason)
      throws InterruptedException {
    switch (settings.policy()) {
      case STOP:
        return stop(record, cause, reason);
      case HANDLER:
        boolean kept;
        try {
          kept = settings.handler().orElseThrow().handle(record, cause);
        } catch (Exception e) {
          e.addSuppressed(cause);
          return stop(record, e, reason + "; the undeliverable-record handler failed");
        }
        if (!kept) {
          return stop(record, cause, reason + "; the undeliverable-record handler kept it");
        }
        stats.undeliverable();
        retries.done(partition);
        log.warn(
            "{} is undeliverable ({}); handed to the handler, continuing after it",
            IncomingRecords.coordinates(record),
            reason,
            cause);
        return Outcome.DONE;
      case DEAD_LETTER:
      default:
        return deadLetter(partition, record, cause, attempts, reason);
    }
  }

  private Outcome deadLetter(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Throwable cause,
      int attempts,
      String reason)
      throws InterruptedException {
    String target = settings.deadLetterTopic();
    try {
      settings
          .deadLetters()
          .write(record, target, groupId, reason, attempts, cause, DEAD_LETTER_TIMEOUT);
    } catch (InterruptedException e) {
      if (status.closing()) {
        return Outcome.ABANDON;
      }
      throw e;
    } catch (Exception e) {
      if (status.closing()) {
        return Outcome.ABANDON;
      }
      status.trouble(SubscriptionStatus.Trouble.DEAD_LETTER, true);
      long backoff = retryPolicy.maxBackoffMillis();
      log.warn(
          "could not write {} to dead-letter topic {}; trying again in {} ms",
          IncomingRecords.coordinates(record),
          target,
          backoff,
          e);
      retryLater(partition, record, retryPolicy.maxAttempts(), backoff, cause);
      status.update(retries.anyPaused());
      return Outcome.RETRY_LATER;
    }
    status.trouble(SubscriptionStatus.Trouble.DEAD_LETTER, false);
    stats.deadLettered(reason);
    retries.done(partition);
    log.warn(
        "{} (key '{}') is undeliverable ({}, {} attempts); wrote it to {} and go on",
        IncomingRecords.coordinates(record),
        record.key(),
        reason,
        attempts,
        target,
        cause);
    return Outcome.DONE;
  }

  private Outcome stop(ConsumerRecord<String, byte[]> record, Throwable cause, String why) {
    stats.undeliverable();
    status.failed(cause);
    log.error(
        "subscription of group {} to {} stopped: {} (key '{}') is undeliverable ({}); nothing from"
            + " this offset on is committed",
        groupId,
        settings.topic(),
        IncomingRecords.coordinates(record),
        record.key(),
        why,
        cause);
    return Outcome.STOP;
  }
}
