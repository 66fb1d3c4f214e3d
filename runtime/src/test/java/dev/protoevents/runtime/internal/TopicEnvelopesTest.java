package dev.protoevents.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.envelope.Envelope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicEnvelopesTest {

  @Test
  void leanEverywhereByDefault() {
    TopicEnvelopes envelopes = TopicEnvelopes.from(Map.of());

    assertSame(Envelope.lean(), envelopes.writer("orders"));
    assertSame(Envelope.lean(), envelopes.reader("orders"));
  }

  @Test
  void topicsChooseTheirOwnAndTheRestTakeTheDefault() {
    TopicEnvelopes envelopes =
        TopicEnvelopes.from(
            Map.of(
                ProtoeventsConfig.ENVELOPE, "cloudevents",
                ProtoeventsConfig.ENVELOPE_TOPICS, "users=restorecommerce, orders = lean",
                ProtoeventsConfig.ENVELOPE_CLOUDEVENTS_SOURCE, "/shop"));

    assertEquals("restorecommerce", envelopes.writer("users").name());
    assertEquals("lean", envelopes.writer("orders").name());
    assertEquals("cloudevents[source=/shop]", envelopes.writer("carts").toString());
  }

  @Test
  void topicsAsAMapMayHoldEnvelopeObjects() {
    Envelope custom = Envelope.cloudEvents("urn:shop:orders");
    TopicEnvelopes envelopes =
        TopicEnvelopes.from(Map.of(ProtoeventsConfig.ENVELOPE_TOPICS, Map.of("orders", custom)));

    assertSame(custom, envelopes.writer("orders"));
  }

  @Test
  void readerAcceptsTheOthersAfterItsOwnWithoutRepeatingIt() {
    TopicEnvelopes envelopes =
        TopicEnvelopes.from(
            Map.of(
                ProtoeventsConfig.ENVELOPE_ACCEPT,
                List.of("lean", Envelope.cloudEvents("/x"), "cloudevents")));

    assertEquals("lean, cloudevents[source=/x]", envelopes.reader("orders").toString());
    assertSame(Envelope.lean(), envelopes.writer("orders"));
  }

  @Test
  void invalidSettingsNameTheKeyAndTheValue() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicEnvelopes.from(Map.of(ProtoeventsConfig.ENVELOPE, "avro")));
    IllegalArgumentException pair =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicEnvelopes.from(Map.of(ProtoeventsConfig.ENVELOPE_TOPICS, "orders")));
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicEnvelopes.from(Map.of(ProtoeventsConfig.ENVELOPE_ACCEPT, 42)));

    assertEquals(
        "protoevents.envelope: unknown envelope 'avro'; known envelopes: lean, cloudevents,"
            + " restorecommerce",
        unknown.getMessage());
    assertEquals(
        "protoevents.envelope.topics has an invalid value 'orders' (String): expected"
            + " topic=envelope, comma-separated",
        pair.getMessage());
    assertTrue(
        type.getMessage().startsWith("protoevents.envelope.accept has an invalid value '42'"));
  }

  @Test
  void anEnvelopeDeclaredByGeneratedCodeBeatsTheDefaultButNotTheTopicsOwnSetting() {
    TopicEnvelopes envelopes =
        TopicEnvelopes.from(
            Map.of(
                ProtoeventsConfig.ENVELOPE, "cloudevents",
                ProtoeventsConfig.ENVELOPE_TOPICS, "orders=lean"));
    java.util.Optional<Envelope> declared = java.util.Optional.of(Envelope.restorecommerce());

    assertEquals("restorecommerce", envelopes.writer("users", declared).name());
    assertEquals("restorecommerce", envelopes.reader("users", declared).name());
    assertEquals("lean", envelopes.writer("orders", declared).name());
    assertEquals("cloudevents", envelopes.writer("users", java.util.Optional.empty()).name());
  }
}
