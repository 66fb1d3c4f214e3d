package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Type;
import com.google.protobuf.UnknownFieldSet;
import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A newer producer and an older consumer. The two versions of the schema are played by the
 * well-known {@link Type} message: the newer producer publishes an event type the older decoder
 * does not know ({@code TypeArchived}), and a payload with a field number the older message lacks
 * (as an added proto field would be); the older decoder knows only {@code TypeCreated}, exactly as
 * a generated decoder's {@code switch} does.
 */
@EmbeddedKafkaTest
class ForwardCompatibilityTest {

  /** The older consumer's decoder: generated code throws unknownEventType for new types. */
  private static final EventDecoder<Received> OLDER_DECODER =
      event ->
          switch (event.metadata().eventType()) {
            case "TypeCreated" -> Fixtures.DECODER.decode(event);
            default -> throw EventDecodingException.unknownEventType(event);
          };

  @Test
  void olderConsumerSkipsAndCountsUnknownEventTypesAndReadsPayloadsWithNewFields(
      EmbeddedKafka kafka) throws Exception {
    // Given a newer producer's events: known, unknown type (twice), known with a new field
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    Type withNewField =
        Fixtures.type("newer").toBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                    .build())
            .build();
    List<Received> received = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("a"))).join();
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeArchived", Fixtures.type("b"))).join();
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeArchived", Fixtures.type("c"))).join();
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", withNewField)).join();

      // When the older consumer, whose listener does not override onUnknown, reads them
      Subscription subscription = subscriber.subscribe(topic, OLDER_DECODER, received::add);

      // Then it skips the unknown type, counts it by type, writes no dead letter, never stops,
      // and reads the payload with the new field; everything is committed
      Fixtures.awaitCommitted(admin, group, Map.of(0, 4L));
      assertEquals(List.of("a", "newer"), received.stream().map(Received::name).toList());
      SubscriptionStats stats = subscription.stats();
      System.out.printf("unknown events: %d %s%n", stats.unknown(), stats.unknownByType());
      assertEquals(2, stats.unknown());
      assertEquals(Map.of("TypeArchived", 2L), stats.unknownByType());
      assertEquals(0, stats.deadLettered());
      assertEquals(2, stats.handled());
      assertTrue(subscription.isActive());
      assertFalse(
          admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic + ".dlq"),
          "no dead-letter topic was created");
    }
  }

  @Test
  void overriddenOnUnknownReceivesTheUndecodedEvent(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    List<IncomingEvent> unknown = new CopyOnWriteArrayList<>();
    List<Received> known = new CopyOnWriteArrayList<>();
    EventListener<Received> listener =
        new EventListener<>() {
          @Override
          public void onEvent(Received event) {
            known.add(event);
          }

          @Override
          public void onUnknown(IncomingEvent event) {
            unknown.add(event);
          }
        };
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(
                Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("billing")))) {
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeArchived", Fixtures.type("b"))).join();
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("a"))).join();

      subscriber.subscribe(topic, OLDER_DECODER, listener);

      Await.until(TIMEOUT, "both events", () -> unknown.size() == 1 && known.size() == 1);
      IncomingEvent event = unknown.get(0);
      assertEquals("TypeArchived", event.metadata().eventType());
      assertEquals(0, event.metadata().offset());
      assertEquals("b", event.parse(Type.parser()).getName());
    }
  }
}
