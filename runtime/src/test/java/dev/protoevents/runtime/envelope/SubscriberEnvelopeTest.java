package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Type;
import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishers and subscribers take their topic's envelope from the configuration. */
@EmbeddedKafkaTest
class SubscriberEnvelopeTest {

  record Received(EventMetadata metadata, Type payload) {}

  static final EventDecoder<Received> DECODER =
      event -> new Received(event.metadata(), event.parse(Type.parser()));

  private static Map<String, Object> config(EmbeddedKafka kafka, Object... settings) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    for (int i = 0; i < settings.length; i += 2) {
      config.put((String) settings[i], settings[i + 1]);
    }
    return config;
  }

  @Test
  void subscriberAcceptingSeveralEnvelopesReadsATopicMidMigration(EmbeddedKafka kafka)
      throws Exception {
    // Given a topic written lean by one service, as CloudEvents by another, and by a Node service
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    try (EventPublisher lean = EventPublisher.create(config(kafka));
        EventPublisher cloud =
            EventPublisher.create(
                config(kafka, ProtoeventsConfig.ENVELOPE_TOPICS, Map.of(topic, "cloudevents")))) {
      lean.publish(
              OutgoingEvent.of(
                  topic, "o-1", "OrderCreated", Type.newBuilder().setName("a").build()))
          .get(30, TimeUnit.SECONDS);
      cloud
          .publish(
              OutgoingEvent.of(
                  topic, "o-1", "OrderReplaced", Type.newBuilder().setName("b").build()))
          .get(30, TimeUnit.SECONDS);
    }
    RawKafka.send(
        kafka,
        List.of(
            Envelope.restorecommerce()
                .write(
                    OutgoingEvent.of(
                        topic, "o-1", "OrderCompleted", Type.newBuilder().setName("c").build()))));

    // When a subscriber that accepts all three reads it
    List<Received> received = new CopyOnWriteArrayList<>();
    Map<String, Object> subscriberConfig =
        config(
            kafka,
            "group.id",
            EmbeddedKafka.uniqueName("billing"),
            ProtoeventsConfig.ENVELOPE_ACCEPT,
            "cloudevents, restorecommerce");
    try (EventSubscriber subscriber = EventSubscriber.create(subscriberConfig)) {
      Subscription subscription = subscriber.subscribe(topic, DECODER, received::add);
      Await.until(RawKafka.TIMEOUT, "3 events", () -> received.size() == 3);
      subscription.close();
    }

    // Then every event arrives, typed, in order, with the key where the envelope has one
    assertEquals(
        List.of("OrderCreated", "OrderReplaced", "OrderCompleted"),
        received.stream().map(r -> r.metadata().eventType()).toList());
    assertEquals(
        List.of("a", "b", "c"), received.stream().map(r -> r.payload().getName()).toList());
    assertEquals(
        List.of("o-1", "o-1", ""), received.stream().map(r -> r.metadata().key()).toList());
    assertEquals("google.protobuf.Type", received.get(0).metadata().messageType());
  }
}
