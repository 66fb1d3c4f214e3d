package dev.protoevents.runtime.internal;

/** What a subscription does with a record it cannot deliver (see {@code SubscriptionOptions}). */
public enum UndeliverablePolicy {
  /** Write it to the dead-letter topic and go on. */
  DEAD_LETTER,
  /** Stop the subscription before it. */
  STOP,
  /** Hand it to the user's {@code UndeliverableRecordHandler}. */
  HANDLER
}
