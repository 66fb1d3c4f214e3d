package dev.protoevents.runtime.metrics.internal;

/**
 * Hooks of a publisher. {@link #start()} before the send, {@link #published} when the broker has
 * answered (on the producer's I/O thread) or the send failed at once.
 */
public interface PublishMeters {

  /** A start time for {@link #published}; 0 if nothing is timed. */
  long start();

  /** One event of {@code eventType} to {@code topic} was acknowledged ({@code ok}) or failed. */
  void published(String topic, String eventType, long start, boolean ok);
}
