package dev.protoevents.runtime.process;

import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.envelope.Envelope;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a processor's handler is given besides the event: the input event's metadata and a way to
 * emit events in the transaction that commits the input's offset. Generated emitters ({@code
 * InvoiceEmitter}) wrap it with one typed method per event.
 *
 * <pre>{@code
 * public void onCompleted(OrderEvent.Completed event, ProcessorContext context) {
 *   new InvoiceEmitter(context).created(invoiceFor(event.orderCompleted()));
 * }
 * }</pre>
 *
 * <p>Valid only on the processor's thread while the handler runs; emitting later throws {@link
 * IllegalStateException}.
 */
public interface ProcessorContext {

  /** Type, id, time, coordinates and causation of the event being processed. */
  EventMetadata cause();

  /**
   * Sends {@code event} in the current transaction. Unless it sets them itself, the event carries
   * the input's id as its causation id, the input's correlation id (or the input's id if it has
   * none) and the input's {@code traceparent} and {@code tracestate} unchanged.
   *
   * <p>Consumers reading {@code read_committed} (protoevents' subscriptions and feeds do) see the
   * event only once the transaction commits, together with the input's offset; if the handler
   * throws, or the commit fails, the transaction aborts and they never see it. The future completes
   * when the broker has the record (before the commit), on the producer's I/O thread.
   *
   * @throws IllegalArgumentException if the event's field mask names a field its payload lacks, or
   *     its topic's envelope cannot carry it
   * @throws IllegalStateException if called outside the handler
   */
  CompletableFuture<RecordMetadata> emit(OutgoingEvent event);

  /**
   * Like {@link #emit(OutgoingEvent)}, for a topic whose generated code fixes its wire format (a
   * Restorecommerce resource): written in {@code topicEnvelope} unless the configuration names an
   * envelope for its topic.
   *
   * @throws IllegalArgumentException as {@link #emit(OutgoingEvent)} does
   * @throws IllegalStateException if called outside the handler
   */
  CompletableFuture<RecordMetadata> emit(OutgoingEvent event, Envelope topicEnvelope);
}
