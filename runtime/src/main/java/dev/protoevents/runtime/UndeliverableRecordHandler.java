package dev.protoevents.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a subscription does with a record it cannot deliver: one that cannot be decoded, or whose
 * listener still fails after every retry.
 *
 * <p>This is the seam for the dead-letter topic: an implementation that writes the record, with the
 * cause in its headers, to a dead-letter topic returns {@code true}, and the subscription commits
 * past the record and goes on. Until then, {@link #STOP} is the only policy.
 */
@FunctionalInterface
interface UndeliverableRecordHandler {

  /** Keeps the record: the subscription stops and commits nothing from this record on. */
  UndeliverableRecordHandler STOP = (record, cause) -> false;

  /**
   * Deals with {@code record}, which failed with {@code cause}.
   *
   * @return true if the record is safely kept elsewhere, so the subscription may commit past it;
   *     false to stop the subscription before it
   */
  boolean handle(ConsumerRecord<String, byte[]> record, Throwable cause);
}
