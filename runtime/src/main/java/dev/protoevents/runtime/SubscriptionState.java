package dev.protoevents.runtime;

/**
 * The states of a {@link Subscription}, as its consumer thread sees them.
 *
 * <pre>{@code
 * if (subscription.state() == SubscriptionState.DEGRADED) health.warn("kafka unreachable");
 * }</pre>
 */
public enum SubscriptionState {
  /** The consumer is joining its group; no partitions are assigned yet. */
  STARTING,
  /** Partitions are assigned and events are being delivered. */
  RUNNING,
  /**
   * A failed event waits for its retry: its partition is paused (other partitions go on) and the
   * consumer keeps polling, so it stays in the group however long the backoff.
   */
  PAUSED,
  /**
   * The broker did not answer a commit, a position lookup, a poll or a dead-letter write in time.
   * The subscription keeps trying and returns to {@link #RUNNING} once the broker answers again.
   */
  DEGRADED,
  /** Closing: the current event is finished, the offsets committed, the group left. */
  STOPPING,
  /** Closed; the thread has ended. */
  STOPPED,
  /**
   * Ended on a failure ({@link Subscription#failure()}): an undeliverable record under the stop
   * policy, an {@link Error} from the listener, or a consumer error that is not retriable. The
   * failing record is not committed.
   */
  FAILED;

  /** True for {@link #STOPPED} and {@link #FAILED}: the thread has ended or is about to. */
  public boolean isTerminal() {
    return this == STOPPED || this == FAILED;
  }
}
