package dev.protoevents.runtime.envelope;

import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.internal.AnyOfEnvelope;
import dev.protoevents.runtime.internal.CloudEventsEnvelope;
import dev.protoevents.runtime.internal.LeanEnvelope;
import dev.protoevents.runtime.internal.RestorecommerceEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How an event travels in a Kafka record: which parts go into the key, the value, the timestamp and
 * the headers, and how they are read back. One envelope is chosen per topic; a reader can accept
 * several ({@link #anyOf}) while a topic migrates from one to another.
 *
 * <ul>
 *   <li>{@link #lean()}, the default: key = resource id, value = protobuf, timestamp = when the
 *       event occurred, headers {@code pe_type} (the event type), {@code pe_id} (16 bytes) and, on
 *       patches only, {@code pe_mask}.
 *   <li>{@link #cloudEvents(String)}: the CloudEvents Kafka protocol binding in binary content mode
 *       ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code
 *       ce_time}, {@code content-type: application/protobuf}).
 *   <li>{@link #restorecommerce()}: Restorecommerce's {@code kafka-client}: key = the event name in
 *       lower camel case ({@code orderCreated}), value = protobuf, no headers.
 * </ul>
 *
 * <pre>{@code
 * Envelope envelope = Envelope.anyOf(Envelope.lean(), Envelope.cloudEvents("/shop/orders"));
 * ProducerRecord<String, byte[]> record = envelope.write(event);   // written lean
 * IncomingEvent incoming = envelope.read(consumerRecord);           // lean or CloudEvents
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Envelope {

  /** Name of the lean envelope in configuration: {@value}. */
  String LEAN = "lean";

  /** Name of the CloudEvents envelope in configuration: {@value}. */
  String CLOUDEVENTS = "cloudevents";

  /** Name of the Restorecommerce envelope in configuration: {@value}. */
  String RESTORECOMMERCE = "restorecommerce";

  /** A short name for messages and configuration, e.g. {@value #LEAN}. */
  String name();

  /**
   * The record that carries {@code event}: topic, key, timestamp, value and headers; the partition
   * is left to the producer's partitioner.
   *
   * @throws IllegalArgumentException if this envelope cannot carry the event (for example a field
   *     mask where the wire has no place for one)
   */
  ProducerRecord<String, byte[]> write(OutgoingEvent event);

  /**
   * True if {@code record} looks like one this envelope wrote (by its headers), so that a reader
   * accepting several envelopes can pick this one. Cheap: no header is decoded.
   */
  boolean recognizes(ConsumerRecord<String, byte[]> record);

  /**
   * The event in {@code record}, not yet decoded into a typed event. Only the event type is read
   * eagerly (decoders dispatch on it); the built-in envelopes decode other headers when asked.
   *
   * @throws EventDecodingException if the record lacks what this envelope needs (the message names
   *     the record's topic, partition and offset and what is missing)
   */
  IncomingEvent read(ConsumerRecord<String, byte[]> record) throws EventDecodingException;

  /** The lean default envelope. */
  static Envelope lean() {
    return LeanEnvelope.INSTANCE;
  }

  /**
   * The CloudEvents binary-mode envelope with {@code ce_source} = {@code /<topic>} of the record.
   */
  static Envelope cloudEvents() {
    return new CloudEventsEnvelope(null);
  }

  /**
   * The CloudEvents binary-mode envelope with {@code ce_source} = {@code source}, a URI-reference
   * that names the producing context (e.g. {@code /shop/orders} or {@code urn:shop:orders}).
   *
   * @throws IllegalArgumentException if {@code source} is empty
   */
  static Envelope cloudEvents(String source) {
    Objects.requireNonNull(source, "source");
    if (source.isBlank()) {
      throw new IllegalArgumentException("CloudEvents source must not be empty");
    }
    return new CloudEventsEnvelope(source);
  }

  /** The Restorecommerce envelope with event names in lower camel case ({@code orderCreated}). */
  static Envelope restorecommerce() {
    return restorecommerce(EventNames.lowerCamel());
  }

  /** The Restorecommerce envelope with the event names of {@code names}. */
  static Envelope restorecommerce(EventNames names) {
    return new RestorecommerceEnvelope(Objects.requireNonNull(names, "names"));
  }

  /**
   * An envelope that writes with {@code writer} and reads records of {@code writer} and of every
   * envelope in {@code alsoAccepted}, tried in this order: the first that {@link #recognizes} a
   * record reads it.
   */
  static Envelope anyOf(Envelope writer, Envelope... alsoAccepted) {
    List<Envelope> all = new ArrayList<>();
    all.add(Objects.requireNonNull(writer, "writer"));
    for (Envelope envelope : alsoAccepted) {
      all.add(Objects.requireNonNull(envelope, "alsoAccepted contains null"));
    }
    return all.size() == 1 ? writer : new AnyOfEnvelope(all);
  }

  /**
   * The envelope called {@code name} in configuration: {@value #LEAN}, {@value #CLOUDEVENTS} (with
   * the default source) or {@value #RESTORECOMMERCE}, in any case.
   *
   * @throws IllegalArgumentException naming the known envelopes if {@code name} is none of them
   */
  static Envelope named(String name) {
    Objects.requireNonNull(name, "name");
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case LEAN -> lean();
      case CLOUDEVENTS -> cloudEvents();
      case RESTORECOMMERCE -> restorecommerce();
      default ->
          throw new IllegalArgumentException(
              "unknown envelope '"
                  + name
                  + "'; known envelopes: "
                  + LEAN
                  + ", "
                  + CLOUDEVENTS
                  + ", "
                  + RESTORECOMMERCE);
    };
  }
}
