package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventNamesTest {

  @Test
  void lowerCamelBothWays() {
    EventNames names = EventNames.lowerCamel();

    assertEquals("orderCreated", names.wireName("OrderCreated"));
    assertEquals("OrderCreated", names.eventType("orderCreated"));
  }

  @Test
  void exceptionsMapBothWaysAndLeaveTheRest() {
    EventNames names = EventNames.lowerCamel().with("OrderReplaced", "orderUpdated");

    assertEquals("orderUpdated", names.wireName("OrderReplaced"));
    assertEquals("OrderReplaced", names.eventType("orderUpdated"));
    assertEquals("orderDeleted", names.wireName("OrderDeleted"));
  }

  @Test
  void anEventTypeMapsOnce() {
    EventNames names = EventNames.lowerCamel().with("OrderReplaced", "orderUpdated");

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> names.with("OrderReplaced", "orderPut"));

    assertEquals(
        "event type 'OrderReplaced' or wire name 'orderPut' is mapped already",
        failure.getMessage());
  }

  @Test
  void unknownEnvelopeNameListsTheKnownOnes() {
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> Envelope.named("avro"));

    assertEquals(
        "unknown envelope 'avro'; known envelopes: lean, cloudevents, restorecommerce",
        failure.getMessage());
    assertEquals("cloudevents", Envelope.named(" CloudEvents ").name());
  }
}
