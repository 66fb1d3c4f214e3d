package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away makes a subscription DEGRADED, not dead. Uses a broker of its own, which
 * it stops; the restart half (a 90-second outage of a separate-process broker, then catching up) is
 * tested in the {@code it} module.
 */
class BrokerGoneTest {

  @Test
  void idleSubscriptionSaysDegradedWhenItsBrokerIsGoneAndKeepsRunning() throws Exception {
    // Given an idle subscription that has handled an event
    String topic = "orders";
    List<Received> received = new CopyOnWriteArrayList<>();
    List<SubscriptionState> states = new CopyOnWriteArrayList<>();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Subscription subscription;
    EventSubscriber subscriber;
    try {
      kafka.createTopic(topic, 1);
      try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("a"))).join();
      }
      subscriber = EventSubscriber.create(Fixtures.subscriberConfig(kafka, "billing"));
      subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              received::add,
              SubscriptionOptions.builder().stateListener((s, from, to) -> states.add(to)).build());
      Await.until(Fixtures.TIMEOUT, "the event", () -> received.size() == 1);
      Await.until(
          Fixtures.TIMEOUT, "RUNNING", () -> subscription.state() == SubscriptionState.RUNNING);
    } finally {
      // When the broker goes away
      kafka.close();
    }
    long gone = System.nanoTime();

    // Then the subscription notices (from its missing heartbeats), says DEGRADED and goes on
    Await.until(
        Duration.ofSeconds(90),
        "DEGRADED",
        () -> subscription.state() == SubscriptionState.DEGRADED);
    System.out.printf(
        "DEGRADED %d ms after the broker was stopped; states %s%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - gone), states);
    assertTrue(subscription.isActive());
    assertTrue(subscription.failure().isEmpty());

    // And closing it without a broker is bounded by the close timeout, and ends the thread
    subscriber.close(Duration.ofSeconds(2));
    assertTrue(subscription.awaitTermination(Duration.ofSeconds(60)));
    assertEquals(SubscriptionState.STOPPED, subscription.state());
  }
}
