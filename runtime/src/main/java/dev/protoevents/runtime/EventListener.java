package dev.protoevents.runtime;

/**
 * Receives the decoded events of one subscription. Called on the subscription's own consumer
 * thread, one event at a time, in offset order within each partition; the offset is committed only
 * after this method returns normally.
 *
 * @param <E> the resource's sealed event type
 */
@FunctionalInterface
public interface EventListener<E> {
  /**
   * Handles one event. Throwing makes the subscription retry the event; it is never skipped.
   *
   * @throws Exception if the event could not be handled
   */
  void onEvent(E event) throws Exception;
}
