package dev.protoevents.runtime.restore;

import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.RestoreHandler;
import dev.protoevents.runtime.UnknownEventTypeException;
import dev.protoevents.runtime.envelope.Envelope;
import dev.protoevents.runtime.internal.IncomingRecords;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One topic of a feed: its decoder and the handler its events go to. Keeps the event type of the
 * decoder and the handler together, so the feed can hold topics of different resources.
 */
final class FeedSource<E> {

  private final String topic;
  private final EventDecoder<? extends E> decoder;
  private final RestoreHandler<E> handler;
  private final Envelope envelope;

  FeedSource(String topic, EventDecoder<? extends E> decoder, RestoreHandler<E> handler) {
    this(topic, decoder, handler, Envelope.lean());
  }

  private FeedSource(
      String topic,
      EventDecoder<? extends E> decoder,
      RestoreHandler<E> handler,
      Envelope envelope) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
  }

  /** The same source reading its records with {@code envelope}. */
  FeedSource<E> readingWith(Envelope envelope) {
    return new FeedSource<>(topic, decoder, handler, envelope);
  }

  String topic() {
    return topic;
  }

  /** The envelope the decoder's generated code declares for the topic, if any. */
  java.util.Optional<Envelope> declaredEnvelope() {
    return decoder.envelope();
  }

  RestoreHandler<E> handler() {
    return handler;
  }

  /**
   * Decodes {@code record} into an event for the handler; an event type this code does not know
   * becomes a call of the handler's {@link RestoreHandler#onUnknown} instead.
   *
   * @throws EventDecodingException if the record cannot be read at all
   */
  Decoded<E> decode(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    IncomingEvent incoming = IncomingRecords.toIncomingEvent(record, envelope, 1);
    E event;
    try {
      event = decoder.decode(incoming);
    } catch (UnknownEventTypeException e) {
      return new Decoded<>(handler, null, incoming, e.eventType());
    } catch (RuntimeException e) {
      throw new EventDecodingException(
          "the decoder of " + topic + " failed on " + incoming.describe() + ": " + e, e);
    }
    if (event == null) {
      throw new EventDecodingException("the decoder returned no event for " + incoming.describe());
    }
    return new Decoded<>(handler, event, incoming, null);
  }

  /**
   * A decoded event and the handler it goes to; or, if {@code unknownType} is set, a record of a
   * type this code does not know, for the handler's {@code onUnknown}.
   */
  record Decoded<E>(
      RestoreHandler<E> handler, E event, IncomingEvent incoming, String unknownType) {
    void deliver() throws Exception {
      if (unknownType == null) {
        handler.onEvent(event);
      } else {
        handler.onUnknown(incoming);
      }
    }
  }
}
