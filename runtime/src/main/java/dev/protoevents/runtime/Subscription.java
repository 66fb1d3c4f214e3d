package dev.protoevents.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * A running subscription of one handler to one topic. Closing it unsubscribes: the consumer commits
 * what its handler has finished, leaves the group and its thread ends.
 */
public interface Subscription extends AutoCloseable {
  /** The subscribed topic. */
  String topic();

  /** The consumer group. */
  String groupId();

  /**
   * Waits until the group has assigned partitions to this subscription, so that events published
   * from now on will reach it.
   *
   * @return true if partitions were assigned within {@code timeout}
   */
  boolean awaitAssignment(Duration timeout) throws InterruptedException;

  /** True until the subscription is closed or has stopped on a failure. */
  boolean isActive();

  /** The failure that stopped the subscription, if one did. */
  Optional<Throwable> failure();

  /** Unsubscribes; waits for the handler to finish its current event. Idempotent. */
  @Override
  void close();
}
