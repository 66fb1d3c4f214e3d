package dev.protoevents.runtime.internal;

/** What became of one consumed record. */
public enum Outcome {
  /** Handled or given up on for good: commit past it. */
  DONE,
  /** Sought back and paused: the partition delivers it again after the backoff. */
  RETRY_LATER,
  /** The subscription must stop before it (stop policy). */
  STOP,
  /** Closing: leave it uncommitted for the next owner. */
  ABANDON
}
