package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.envelope.Envelope;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes with the first of several envelopes and reads with the first that recognises a record: for
 * topics that migrate from one envelope to another.
 */
public final class AnyOfEnvelope implements Envelope {

  private final Envelope[] envelopes;

  /** The envelopes in the order they are tried; the first one writes. */
  public AnyOfEnvelope(List<Envelope> envelopes) {
    if (envelopes.isEmpty()) {
      throw new IllegalArgumentException("at least one envelope is needed");
    }
    this.envelopes = envelopes.toArray(new Envelope[0]);
  }

  @Override
  public String name() {
    return envelopes[0].name();
  }

  @Override
  public ProducerRecord<String, byte[]> write(OutgoingEvent event) {
    return envelopes[0].write(event);
  }

  @Override
  public boolean recognizes(ConsumerRecord<String, byte[]> record) {
    return which(record) != null;
  }

  @Override
  public IncomingEvent read(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    return IncomingRecords.toIncomingEvent(record, accepting(record), 1);
  }

  /**
   * The first envelope that recognises {@code record}.
   *
   * @throws EventDecodingException if none does
   */
  Envelope accepting(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    Envelope envelope = which(record);
    if (envelope == null) {
      throw new EventDecodingException(
          "record at "
              + IncomingRecords.coordinates(record)
              + " is in none of the accepted envelopes ("
              + this
              + ")");
    }
    return envelope;
  }

  /** The first envelope that recognises {@code record}, or null. */
  Envelope which(ConsumerRecord<String, byte[]> record) {
    for (Envelope envelope : envelopes) {
      if (envelope.recognizes(record)) {
        return envelope;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return List.of(envelopes).stream().map(Object::toString).collect(Collectors.joining(", "));
  }
}
