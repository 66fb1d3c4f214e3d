package dev.protoevents.runtime.process;

import dev.protoevents.runtime.IncomingEvent;

/**
 * The handler of a processor: receives each decoded input event with a {@link ProcessorContext} to
 * emit through. Called on the processor's thread, one event at a time, in offset order within each
 * partition. Generated processor interfaces ({@code OrderProcessor}) extend this one.
 *
 * <pre>{@code
 * EventProcessor.start(config, "billing", OrderTopic.NAME, OrderTopic.DECODER,
 *     (event, context) -> { if (event instanceof OrderEvent.Completed c) { ... } });
 * }</pre>
 *
 * @param <E> the input resource's sealed event type
 */
@FunctionalInterface
public interface ProcessorListener<E> {

  /**
   * Processes one event. Throwing an {@link Exception} aborts the transaction (nothing this call
   * emitted becomes visible) and the event is retried with the {@code protoevents.retry.*} backoff;
   * when the retries are used up it goes to the dead-letter topic, in the transaction that commits
   * past it. An {@link Error} ends the processor (state {@code FAILED}) without committing the
   * event.
   *
   * <p>The handler may run more than once for one event (a retry, a rebalance, a restart after a
   * crash); only one run's emitted events are ever committed. Side effects other than emitting are
   * at-least-once.
   *
   * @throws Exception if the event could not be processed
   */
  void onEvent(E event, ProcessorContext context) throws Exception;

  /**
   * Called instead of {@link #onEvent} for an event type the generated decoder does not know (a
   * newer producer). The default skips it; its offset is committed either way. Throwing is handled
   * as in {@link #onEvent}.
   *
   * @throws Exception if the event could not be processed
   */
  default void onUnknown(IncomingEvent event, ProcessorContext context) throws Exception {}
}
