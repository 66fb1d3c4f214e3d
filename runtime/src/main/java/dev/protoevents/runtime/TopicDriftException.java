package dev.protoevents.runtime;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link TopicAdmin#createMissing} at start-up when existing topics differ from their
 * specs and {@link ProtoeventsConfig#TOPIC_DRIFT} is {@code fail}. The message names every
 * difference; {@link #drift()} holds them.
 */
public final class TopicDriftException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The differences; not serialized. */
  private final transient TopicDrift drift;

  TopicDriftException(TopicDrift drift) {
    super(
        "existing topics "
            + drift.topics()
            + " differ from their declaration: "
            + drift
            + ". Change the topics (kafka-topics --alter, kafka-configs --alter) or the"
            + " declaration, or set "
            + ProtoeventsConfig.TOPIC_DRIFT
            + "=warn to only log this");
    this.drift = Objects.requireNonNull(drift, "drift");
  }

  /** Every difference found. */
  public TopicDrift drift() {
    return drift == null ? new TopicDrift(List.of()) : drift;
  }
}
