package dev.protoevents.runtime;

/**
 * Receives the decoded events of one subscription. Called on the subscription's own consumer
 * thread, one event at a time, in offset order within each partition; the offset is committed only
 * after this method returns normally.
 *
 * <pre>{@code
 * subscriber.subscribe(OrderTopic.NAME, OrderTopic.DECODER, event -> mailer.send(event));
 * }</pre>
 *
 * <p>Generated handler interfaces ({@code OrderHandler}) extend this one, so they inherit {@link
 * #onUnknown} and may override it.
 *
 * @param <E> the resource's sealed event type
 */
@FunctionalInterface
public interface EventListener<E> {
  /**
   * Handles one event. Throwing an {@link Exception} makes the subscription retry the event with
   * backoff; when the retries are used up, the subscription's undeliverable policy decides (by
   * default the record goes to the dead-letter topic). Throwing an {@link Error} is not retried:
   * the subscription ends in {@link SubscriptionState#FAILED} without committing the event, so the
   * next owner of the partition receives it again.
   *
   * <p>If the subscription is closed while this method runs and the close timeout passes, the
   * thread is interrupted; an event whose handler then throws is not committed.
   *
   * @throws Exception if the event could not be handled
   */
  void onEvent(E event) throws Exception;

  /**
   * Called instead of {@link #onEvent} for a record whose event type this consumer's generated code
   * does not know, typically because the producer was built from a newer {@code .proto}. The
   * default skips it; either way the subscription counts it ({@link SubscriptionStats#unknown()})
   * and logs each unknown type once. Throwing is handled as in {@link #onEvent}.
   *
   * @param event the undecoded record: metadata (with its event type) and raw payload
   * @throws Exception if the event could not be handled
   */
  default void onUnknown(IncomingEvent event) throws Exception {}
}
