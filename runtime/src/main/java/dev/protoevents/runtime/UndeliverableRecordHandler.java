package dev.protoevents.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A user's policy for a record a subscription cannot deliver: one that cannot be decoded, or whose
 * listener still fails after every retry. Set it with {@link
 * SubscriptionOptions.Builder#onUndeliverable}; the default policy writes the record to the
 * dead-letter topic instead.
 *
 * <pre>{@code
 * SubscriptionOptions.builder()
 *     .onUndeliverable((record, cause) -> { quarantine.save(record, cause); return true; })
 *     .build();
 * }</pre>
 *
 * <p>Called on the subscription's thread. Return {@code true} only once the record is safely kept
 * elsewhere: the subscription then commits past it and goes on.
 */
@FunctionalInterface
public interface UndeliverableRecordHandler {

  /** Keeps the record: the subscription stops and commits nothing from this record on. */
  UndeliverableRecordHandler STOP = (record, cause) -> false;

  /**
   * Deals with {@code record}, which failed with {@code cause}.
   *
   * @return true if the record is safely kept elsewhere, so the subscription may commit past it;
   *     false to stop the subscription before it (what it throws stops it too)
   */
  boolean handle(ConsumerRecord<String, byte[]> record, Throwable cause) throws Exception;
}
