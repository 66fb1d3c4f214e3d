package dev.protoevents.runtime;

import dev.protoevents.runtime.health.HealthCheck;
import dev.protoevents.runtime.health.HealthReport;
import dev.protoevents.runtime.restore.StateFeed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs in a child JVM whose class path has no Micrometer ({@link WithoutMicrometerTest}):
 * publishes, subscribes, restores a feed and checks health against the parent's broker; exits 0 and
 * prints {@code ok} if all of it works and the registry setting fails with a clear message. Refers
 * to no Micrometer type.
 */
public final class WithoutMicrometerRun {

  private WithoutMicrometerRun() {}

  /** Arguments: bootstrap servers, topic, group. */
  public static void main(String[] args) throws Exception {
    String servers = args[0];
    String topic = args[1];
    String group = args[2];
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      fail("Micrometer is on the class path");
    } catch (ClassNotFoundException expected) {
      // as it should be
    }
    Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", servers));
    Duration timeout = Duration.ofSeconds(30);
    long started = System.nanoTime();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(config);
        EventSubscriber subscriber =
            EventSubscriber.create(Map.of("bootstrap.servers", servers, "group.id", group))) {
      for (String name : List.of("a", "b", "c")) {
        publisher.publish(OutgoingEvent.of(topic, name, "TypeCreated", Fixtures.type(name))).join();
      }
      step("published", started);
      Subscription subscription =
          subscriber.subscribe(topic, Fixtures.DECODER, event -> handled.add(event.name()));
      try (StateFeed feed =
          StateFeed.builder(config)
              .topic(topic, Fixtures.DECODER, (RestoreHandler<Fixtures.Received>) event -> {})
              .start()) {
        if (!feed.awaitCaughtUp(timeout) || feed.eventsApplied() != 3) {
          fail("feed did not restore 3 events: " + feed.eventsApplied());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled.size() < 3 || subscription.state() != SubscriptionState.RUNNING) {
          if (System.nanoTime() > deadline) {
            fail("subscription handled " + handled + " in state " + subscription.state());
          }
          Thread.sleep(20); // polling a condition with a deadline; no Await in the child's code
        }
        HealthReport report = HealthCheck.create().add(subscription).add(feed).check();
        if (!report.isReady()) {
          fail("not ready: " + report);
        }
        System.out.println("health: " + report);
        step("checked health", started);
      }
      step("closed the feed", started);
    }
    step("closed publisher and subscriber", started);
    config.put(ProtoeventsConfig.METRICS_REGISTRY, new Object());
    try {
      EventPublisher.create(config).close();
      fail("a registry setting without Micrometer was accepted");
    } catch (IllegalArgumentException expected) {
      System.out.println("registry setting: " + expected.getMessage());
    }
    System.out.println("ok: published, handled and restored " + handled.size() + " events");
    System.exit(0);
  }

  private static void step(String what, long started) {
    System.out.println(what + " after " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  private static void fail(String message) {
    System.out.println("FAILED: " + message);
    System.exit(1);
  }
}
