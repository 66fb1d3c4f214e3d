package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Type;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** A dead letter the broker will not take: nothing is committed past it, and nothing is lost. */
@EmbeddedKafkaTest
class DeadLetterFailureTest {

  @Test
  void recordWhoseDeadLetterIsRefusedStaysUncommittedWhileDegradedAndIsWrittenOnceTheBrokerTakesIt(
      EmbeddedKafka kafka) throws Exception {
    // Given a dead-letter topic that refuses every record (max.message.bytes too small)
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    String deadLetterTopic = topic + ".dlq";
    kafka.createTopic(topic, 1);
    List<SubscriptionState> states = new CopyOnWriteArrayList<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Admin admin = Fixtures.admin(kafka);
        EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(deadLetterTopic, 1, (short) 1)
                      .configs(Map.of("max.message.bytes", "10"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      for (String name : List.of("a", "poison", "b")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }

      // When the poison record's listener gives up
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                if (event.name().equals("poison")) {
                  throw new IllegalStateException("no");
                }
                handled.add(event.name());
              },
              SubscriptionOptions.builder().stateListener((s, from, to) -> states.add(to)).build());

      // Then the subscription is DEGRADED, keeps the record uncommitted and does not skip it
      Await.until(TIMEOUT, "DEGRADED", () -> subscription.state() == SubscriptionState.DEGRADED);
      assertEquals(List.of("a"), handled);
      assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
      assertTrue(subscription.isActive());

      // When the dead-letter topic takes records again
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "1048588"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);

      // Then the dead letter is written once, the subscription goes on and recovers to RUNNING
      Fixtures.awaitCommitted(admin, group, Map.of(0, 3L));
      assertEquals(List.of("a", "b"), handled);
      assertEquals(
          "poison",
          Type.parseFrom(Fixtures.readAll(kafka, deadLetterTopic, 1).get(0).value()).getName());
      Await.until(TIMEOUT, "RUNNING", () -> subscription.state() == SubscriptionState.RUNNING);
      assertEquals(1, subscription.stats().deadLettered());
      System.out.println("states: " + states);
      assertTrue(
          states.indexOf(SubscriptionState.DEGRADED)
              < states.lastIndexOf(SubscriptionState.RUNNING),
          states.toString());
    }
  }
}
