package dev.protoevents.runtime;

/**
 * The hook that rebuilds a service's local state from its resource topic (event sourcing): it
 * receives every event of the topic in order, framed by calls that say when a replay starts and
 * when it has caught up.
 *
 * @param <E> the resource's sealed event type
 */
public interface RestoreHandler<E> extends EventListener<E> {
  /** Called before the first replayed event; a handler that replays from scratch clears here. */
  default void restoreStarted() {}

  /** Called once the replay has reached the end offsets captured when it started. */
  default void restoreCompleted() {}
}
