package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.runtime.health.ComponentHealth;
import dev.protoevents.runtime.health.HealthCheck;
import dev.protoevents.runtime.health.HealthReport;
import dev.protoevents.runtime.health.HealthStatus;
import dev.protoevents.runtime.metrics.MeterNames;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The health check reports each subscription and feed as the real broker makes them: starting,
 * running, degraded while the broker refuses their writes, stopped when closed or failed.
 */
@EmbeddedKafkaTest
class HealthCheckTest {

  @Test
  void reportsStartingThenRunningThenStoppedForAFeedAndASubscriptionAndGaugesIt(EmbeddedKafka kafka)
      throws Exception {
    // Given one event, a feed whose handler holds it, a subscription, and a bound registry
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    MeterRegistry registry = new SimpleMeterRegistry();
    HealthCheck health = HealthCheck.create().bindTo(registry);
    CountDownLatch release = new CountDownLatch(1);
    String feedName = EmbeddedKafka.uniqueName("feed");
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group))) {
      publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("a"))).join();
      StateFeed feed =
          StateFeed.builder(Fixtures.clientConfig(kafka))
              .name(feedName)
              .topic(
                  topic,
                  Fixtures.DECODER,
                  (RestoreHandler<Received>) event -> release.await(30, TimeUnit.SECONDS))
              .start();
      health.add(feed);

      // When the feed is restoring
      // Then the report says STARTING, not ready, and the gauge says 1
      HealthReport restoring = health.check();
      assertEquals(HealthStatus.STARTING, restoring.status(), restoring.toString());
      assertFalse(restoring.isReady());
      assertEquals(
          List.of(new ComponentHealth(feedName, "feed", HealthStatus.STARTING, "restoring")),
          restoring.components());
      assertEquals(1, healthGauge(registry, feedName));

      // When the feed has caught up and a subscription has its partitions
      release.countDown();
      assertTrue(feed.awaitCaughtUp(TIMEOUT));
      Subscription subscription = subscriber.subscribe(topic, Fixtures.DECODER, event -> {});
      assertTrue(subscription.awaitAssignment(TIMEOUT));
      Await.until(TIMEOUT, "RUNNING", () -> subscription.state() == SubscriptionState.RUNNING);
      health.add(subscription);

      // Then both run and the report is ready
      HealthReport running = health.check();
      System.out.println("running: " + running);
      assertEquals(HealthStatus.RUNNING, running.status());
      assertTrue(running.isReady());
      assertEquals(
          List.of(
              new ComponentHealth(feedName, "feed", HealthStatus.RUNNING, "live"),
              new ComponentHealth(
                  group + "/" + topic, "subscription", HealthStatus.RUNNING, "running")),
          running.components());
      assertEquals(2, healthGauge(registry, feedName));
      assertEquals(2, healthGauge(registry, group + "/" + topic));

      // When the subscription is closed (unsubscribed) and the feed too
      subscription.close(TIMEOUT);
      feed.close(TIMEOUT);

      // Then both are STOPPED and say why; removing one takes it out of the report and the gauges
      HealthReport stopped = health.check();
      System.out.println("stopped: " + stopped);
      assertEquals(HealthStatus.STOPPED, stopped.status());
      assertEquals(
          List.of(
              new ComponentHealth(feedName, "feed", HealthStatus.STOPPED, "closed"),
              new ComponentHealth(
                  group + "/" + topic, "subscription", HealthStatus.STOPPED, "closed")),
          stopped.components());
      assertEquals(0, healthGauge(registry, feedName));
      assertTrue(health.remove(subscription));
      assertEquals(1, health.check().components().size());
      assertTrue(
          registry
              .find(MeterNames.HEALTH)
              .tag(MeterNames.COMPONENT, group + "/" + topic)
              .gauges()
              .isEmpty());
    }
  }

  @Test
  void reportsDegradedWhileTheBrokerRefusesADeadLetterAndStoppedWithTheCauseWhenOneFails(
      EmbeddedKafka kafka) throws Exception {
    // Given a dead-letter topic that refuses every record (max.message.bytes too small)
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    String stopGroup = EmbeddedKafka.uniqueName("audit");
    kafka.createTopic(topic, 1);
    HealthCheck health = HealthCheck.create();
    try (Admin admin = Fixtures.admin(kafka);
        EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        EventSubscriber stopping =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, stopGroup))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic + ".dlq", 1, (short) 1)
                      .configs(Map.of("max.message.bytes", "10"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      publisher
          .publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("poison")))
          .join();
      EventListener<Received> failing =
          event -> {
            throw new IllegalStateException("cannot bill " + event.name());
          };

      // When a subscription gives up on the record and cannot write its dead letter,
      // and another, with the stop policy, stops on it
      Subscription degraded = subscriber.subscribe(topic, Fixtures.DECODER, failing);
      Subscription failed =
          stopping.subscribe(
              topic,
              Fixtures.DECODER,
              failing,
              SubscriptionOptions.builder().stopOnUndeliverable().build());
      health.add(degraded).add(failed);

      // Then the first is DEGRADED, the second STOPPED with its cause, and the report STOPPED
      Await.until(TIMEOUT, "DEGRADED", () -> degraded.state() == SubscriptionState.DEGRADED);
      Await.until(TIMEOUT, "FAILED", () -> failed.state() == SubscriptionState.FAILED);
      HealthReport report = health.check();
      System.out.println("report: " + report);
      assertEquals(HealthStatus.STOPPED, report.status());
      assertEquals(
          new ComponentHealth(
              group + "/" + topic,
              "subscription",
              HealthStatus.DEGRADED,
              "degraded: the broker does not answer; retrying"),
          report.components().get(0));
      assertEquals(
          new ComponentHealth(
              stopGroup + "/" + topic,
              "subscription",
              HealthStatus.STOPPED,
              "failed: IllegalStateException: cannot bill poison"),
          report.components().get(1));

      // When the failed one is removed, the worst left is DEGRADED
      health.remove(failed);
      assertEquals(HealthStatus.DEGRADED, health.check().status());
      degraded.close(Duration.ofSeconds(5));
    }
  }

  private static double healthGauge(MeterRegistry registry, String component) {
    return registry.get(MeterNames.HEALTH).tag(MeterNames.COMPONENT, component).gauge().value();
  }
}
