package dev.protoevents.runtime;

/**
 * Names of the headers a dead letter carries in addition to the original record's headers, which it
 * keeps unchanged along with the key and value. Every value is UTF-8 text.
 *
 * <pre>{@code
 * String topic = new String(record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC).value(),
 *     StandardCharsets.UTF_8);
 * }</pre>
 */
public final class DeadLetterHeaders {
  /** Prefix of every dead-letter header. */
  public static final String PREFIX = "protoevents-dlq-";

  /** Why the record is a dead letter: {@code undecodable} or {@code listener-failed}. */
  public static final String REASON = PREFIX + "reason";

  /** Class name of the exception that made the record undeliverable. */
  public static final String CAUSE_CLASS = PREFIX + "cause-class";

  /** Message of that exception (empty if it had none). */
  public static final String CAUSE_MESSAGE = PREFIX + "cause-message";

  /** The first lines of the exception's stack trace, at most about 4 KB. */
  public static final String STACK_TRACE = PREFIX + "stack-trace";

  /** Topic the record was read from. */
  public static final String ORIGINAL_TOPIC = PREFIX + "original-topic";

  /** Partition the record was read from, in decimal. */
  public static final String ORIGINAL_PARTITION = PREFIX + "original-partition";

  /** Offset of the record in that partition, in decimal. */
  public static final String ORIGINAL_OFFSET = PREFIX + "original-offset";

  /** Timestamp of the original record, epoch milliseconds in decimal. */
  public static final String ORIGINAL_TIMESTAMP = PREFIX + "original-timestamp";

  /** Consumer group of the subscription that gave up on the record. */
  public static final String GROUP = PREFIX + "group";

  /** How many times the listener was given the record (0 for an undecodable one). */
  public static final String ATTEMPTS = PREFIX + "attempts";

  private DeadLetterHeaders() {}
}
