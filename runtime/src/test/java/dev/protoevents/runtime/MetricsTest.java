package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.runtime.metrics.MeterNames;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorListener;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer meters of publishers, subscriptions and state feeds count exactly the events of
 * each test, on the real broker, and the Kafka clients' own metrics come and go with the clients.
 */
@EmbeddedKafkaTest
class MetricsTest {

  /** Knows TypeCreated only, as generated code of an older .proto would. */
  private static final EventDecoder<Received> DECODER =
      event ->
          switch (event.metadata().eventType()) {
            case "TypeCreated" -> Fixtures.DECODER.decode(event);
            default -> throw EventDecodingException.unknownEventType(event);
          };

  @Test
  void publishHandleRetryDeadLetterAndUnknownMetersCountExactlyTheEventsOfTheTest(
      EmbeddedKafka kafka) throws Exception {
    // Given a registry in the configuration and a topic of two partitions
    MeterRegistry registry = new SimpleMeterRegistry();
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 2);
    Map<String, Object> publisherConfig = Fixtures.clientConfig(kafka);
    publisherConfig.put(ProtoeventsConfig.METRICS_REGISTRY, registry);
    Map<String, Object> subscriberConfig = Fixtures.subscriberConfig(kafka, group);
    subscriberConfig.put(ProtoeventsConfig.METRICS_REGISTRY, registry);
    subscriberConfig.put(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 3);
    int n = 20;
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Admin admin = Fixtures.admin(kafka)) {
      try (EventPublisher publisher = EventPublisher.create(publisherConfig);
          EventSubscriber subscriber = EventSubscriber.create(subscriberConfig)) {
        // When N events, one poison event and one of an unknown type are published
        for (int i = 0; i < n; i++) {
          publisher.publish(
              OutgoingEvent.of(topic, "k" + i, "TypeCreated", Fixtures.type("e" + i)));
        }
        publisher.publish(OutgoingEvent.of(topic, "p", "TypeCreated", Fixtures.type("poison")));
        publisher.publish(OutgoingEvent.of(topic, "u", "TypeArchived", Fixtures.type("u")));
        publisher.flush();
        // and one too large for the producer, which fails
        CompletionException tooLarge =
            assertThrows(
                CompletionException.class,
                () ->
                    publisher
                        .publish(
                            OutgoingEvent.of(
                                topic, "big", "TypeCreated", Fixtures.type("x".repeat(2 << 20))))
                        .join());
        assertTrue(tooLarge.getCause() instanceof RecordTooLargeException, tooLarge.toString());

        // and handled by a listener that always fails on the poison event
        Subscription subscription =
            subscriber.subscribe(
                topic,
                DECODER,
                event -> {
                  if (event.name().equals("poison")) {
                    throw new IllegalStateException("poison");
                  }
                  handled.add(event.name());
                });
        Await.until(
            TIMEOUT,
            "all events handled or dead-lettered",
            () -> handled.size() == n && subscription.stats().deadLettered() == 1);
        Fixtures.awaitCommitted(admin, group, committedEnds(kafka, topic));

        // Then the meters count exactly these events
        assertEquals(n + 1, count(registry, MeterNames.PUBLISH, topic, "TypeCreated", "ok"));
        assertEquals(1, count(registry, MeterNames.PUBLISH, topic, "TypeArchived", "ok"));
        assertEquals(1, count(registry, MeterNames.PUBLISH, topic, "TypeCreated", "failed"));
        assertEquals(
            n + 2,
            registry
                .get(MeterNames.PUBLISH_LATENCY)
                .tags(MeterNames.TOPIC, topic, MeterNames.RESULT, "ok")
                .timer()
                .count());
        assertEquals(n, subscriptionCount(registry, MeterNames.HANDLE, topic, group));
        assertEquals(2, subscriptionCount(registry, MeterNames.RETRY, topic, group));
        assertEquals(
            1,
            registry
                .get(MeterNames.DEAD_LETTER)
                .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
                .tag(MeterNames.REASON, "listener-failed")
                .counter()
                .count());
        assertEquals(
            1,
            registry
                .get(MeterNames.UNKNOWN_EVENT)
                .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
                .tag(MeterNames.EVENT_TYPE, "TypeArchived")
                .counter()
                .count());
        // every listener call is timed: N handled, 3 attempts of the poison event, 1 onUnknown
        assertEquals(
            n + 4,
            registry
                .get(MeterNames.HANDLE_DURATION)
                .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
                .timer()
                .count());
        // the lag of both partitions reaches 0
        Await.until(
            TIMEOUT,
            "lag 0 on both partitions",
            () -> {
              List<Gauge> lags = lagGauges(registry, topic, group);
              return lags.size() == 2 && lags.stream().allMatch(g -> g.value() == 0);
            });
        // and the clients' own metrics are bound
        assertFalse(kafkaMeters(registry, "kafka.producer.").isEmpty());
        assertFalse(kafkaMeters(registry, "kafka.consumer.").isEmpty());
      }

      // When the clients close, their own metrics and the lag gauges go; the counters stay
      assertEquals(List.of(), kafkaMeters(registry, "kafka.producer."));
      assertEquals(List.of(), kafkaMeters(registry, "kafka.consumer."));
      assertEquals(List.of(), lagGauges(registry, topic, group));
      assertEquals(n, subscriptionCount(registry, MeterNames.HANDLE, topic, group));
    }
  }

  @Test
  void consumerLagGaugeShowsTheRecordsTheSubscriptionHasNotReachedYet(EmbeddedKafka kafka)
      throws Exception {
    // Given 10 events on one partition and a subscription that takes one record per poll
    MeterRegistry registry = new SimpleMeterRegistry();
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.METRICS_REGISTRY, registry);
    config.put("max.poll.records", 1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber = EventSubscriber.create(config)) {
      for (int i = 0; i < 10; i++) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type("e" + i)));
      }
      publisher.flush();

      // When its listener holds the first event
      subscriber.subscribe(topic, DECODER, event -> release.await(30, TimeUnit.SECONDS));

      // Then the lag gauge says 9 records are still ahead (10 if it was read just before the
      // first record was taken), and 0 once the listener goes on
      Await.until(TIMEOUT, "lag 9", () -> lag(registry, topic, group) >= 9);
      double held = lag(registry, topic, group);
      assertTrue(held == 9 || held == 10, "lag while the first event is held: " + held);
      release.countDown();
      Await.until(TIMEOUT, "lag 0", () -> lag(registry, topic, group) == 0);
    }
  }

  @Test
  void stateFeedMetersCountTheRestoredEventsTheRemainingOnesAndLiveEvents(EmbeddedKafka kafka)
      throws Exception {
    // Given M events on three partitions, one of a type the feed's code does not know
    MeterRegistry registry = new SimpleMeterRegistry();
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 3);
    int m = 30;
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(ProtoeventsConfig.METRICS_REGISTRY, registry);
    List<String> applied = new CopyOnWriteArrayList<>();
    String feedName = EmbeddedKafka.uniqueName("feed");
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      for (int i = 0; i < m - 1; i++) {
        publisher.publish(OutgoingEvent.of(topic, "k" + i, "TypeCreated", Fixtures.type("e" + i)));
      }
      publisher.publish(OutgoingEvent.of(topic, "u", "TypeArchived", Fixtures.type("u")));
      publisher.flush();

      // When a feed restores them and then receives 5 live events
      try (StateFeed feed =
          StateFeed.builder(config)
              .name(feedName)
              .topic(topic, DECODER, (RestoreHandler<Received>) e -> applied.add(e.name()))
              .start()) {
        assertTrue(feed.awaitCaughtUp(TIMEOUT));

        // Then the restore meters count M events, none remaining, progress 1
        assertEquals(m, feedCount(registry, MeterNames.RESTORE_EVENTS, feedName, topic));
        assertEquals(
            0,
            registry
                .get(MeterNames.RESTORE_REMAINING)
                .tags(MeterNames.FEED, feedName, MeterNames.TOPIC, topic)
                .gauge()
                .value());
        assertEquals(
            1.0,
            registry
                .get(MeterNames.RESTORE_PROGRESS)
                .tag(MeterNames.FEED, feedName)
                .gauge()
                .value());
        assertEquals(
            1,
            registry
                .get(MeterNames.UNKNOWN_EVENT)
                .tags(MeterNames.FEED, feedName, MeterNames.TOPIC, topic)
                .tag(MeterNames.EVENT_TYPE, "TypeArchived")
                .counter()
                .count());

        for (int i = 0; i < 5; i++) {
          publisher.publish(OutgoingEvent.of(topic, "l" + i, "TypeCreated", Fixtures.type("l")));
        }
        publisher.flush();
        Await.until(
            TIMEOUT,
            "M + 5 events applied",
            () ->
                registry
                        .get(MeterNames.FEED_EVENTS)
                        .tag(MeterNames.FEED, feedName)
                        .functionCounter()
                        .count()
                    == m + 5);
        // live events are not restore events
        assertEquals(m, feedCount(registry, MeterNames.RESTORE_EVENTS, feedName, topic));
        assertEquals(m - 1 + 5, applied.size());
        // and the feed's consumer has a lag gauge per partition, each reaching 0
        Await.until(
            TIMEOUT,
            "lag 0 on 3 partitions",
            () -> {
              var lags = registry.find(MeterNames.CONSUMER_LAG).tag(MeterNames.FEED, feedName);
              return lags.gauges().size() == 3
                  && lags.gauges().stream().allMatch(gauge -> gauge.value() == 0);
            });
      }
      // When the feed closes, its gauges go
      assertTrue(
          registry.find(MeterNames.CONSUMER_LAG).tag(MeterNames.FEED, feedName).gauges().isEmpty());
      assertTrue(
          registry
              .find(MeterNames.RESTORE_REMAINING)
              .tag(MeterNames.FEED, feedName)
              .gauges()
              .isEmpty());
    }
  }

  @Test
  void processorMetersCountProcessedAndEmittedEventsAndTransactions(EmbeddedKafka kafka)
      throws Exception {
    // Given 10 inputs and a processor that emits two events for each
    MeterRegistry registry = new SimpleMeterRegistry();
    String in = EmbeddedKafka.uniqueName("orders");
    String out = EmbeddedKafka.uniqueName("invoices");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(in, 2);
    kafka.createTopic(out, 1);
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      for (int i = 0; i < 10; i++) {
        publisher.publish(OutgoingEvent.of(in, "k" + i, "TypeCreated", Fixtures.type("e" + i)));
      }
    }
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.METRICS_REGISTRY, registry);
    ProcessorListener<Received> listener =
        (event, context) -> {
          context.emit(OutgoingEvent.of(out, event.metadata().key(), "A", event.payload()));
          context.emit(OutgoingEvent.of(out, event.metadata().key(), "B", event.payload()));
        };

    // When it has processed them
    try (EventProcessor processor = EventProcessor.start(config, group, in, DECODER, listener)) {
      Await.until(TIMEOUT, "10 processed", () -> processor.stats().processed() == 10);

      // Then its meters say 10 processed, 20 emitted, its transactions committed, lag 0
      assertEquals(10, processorCount(registry, MeterNames.PROCESSOR_PROCESSED, in, group));
      assertEquals(20, processorCount(registry, MeterNames.PROCESSOR_EMITTED, in, group));
      assertEquals(
          processor.stats().committed(),
          registry
              .get(MeterNames.PROCESSOR_TRANSACTIONS)
              .tags(MeterNames.TOPIC, in, MeterNames.GROUP, group, MeterNames.RESULT, "committed")
              .functionCounter()
              .count());
      assertTrue(processor.stats().committed() >= 1);
      Await.until(
          TIMEOUT,
          "lag 0 on both partitions",
          () -> {
            List<Gauge> lags = lagGauges(registry, in, group);
            return lags.size() == 2 && lags.stream().allMatch(g -> g.value() == 0);
          });
      assertFalse(kafkaMeters(registry, "kafka.producer.").isEmpty());
    }
    // and when it closes, its meters go
    assertTrue(
        registry
            .find(MeterNames.PROCESSOR_PROCESSED)
            .tag(MeterNames.GROUP, group)
            .meters()
            .isEmpty());
    assertEquals(List.of(), kafkaMeters(registry, "kafka.producer."));
  }

  private static double processorCount(
      MeterRegistry registry, String name, String topic, String group) {
    return registry
        .get(name)
        .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
        .functionCounter()
        .count();
  }

  @Test
  void aRegistrySettingThatIsNoMeterRegistryIsRejectedWithItsType(EmbeddedKafka kafka) {
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(ProtoeventsConfig.METRICS_REGISTRY, "prometheus");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventPublisher.create(config));
    assertEquals(
        "protoevents.metrics.registry must be a io.micrometer.core.instrument.MeterRegistry, but"
            + " was a java.lang.String",
        e.getMessage());
  }

  private static Map<Integer, Long> committedEnds(EmbeddedKafka kafka, String topic) {
    // 22 records reached the broker; which partition holds how many follows from the keys.
    Map<Integer, Long> ends = new HashMap<>();
    for (var record : Fixtures.readAll(kafka, topic, 22)) {
      ends.merge(record.partition(), record.offset() + 1, Math::max);
    }
    return ends;
  }

  private static double count(
      MeterRegistry registry, String name, String topic, String eventType, String result) {
    return registry
        .get(name)
        .tags(MeterNames.TOPIC, topic, MeterNames.EVENT_TYPE, eventType, MeterNames.RESULT, result)
        .counter()
        .count();
  }

  private static double subscriptionCount(
      MeterRegistry registry, String name, String topic, String group) {
    return registry
        .get(name)
        .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
        .counter()
        .count();
  }

  private static double feedCount(MeterRegistry registry, String name, String feed, String topic) {
    return registry
        .get(name)
        .tags(MeterNames.FEED, feed, MeterNames.TOPIC, topic)
        .counter()
        .count();
  }

  private static List<Gauge> lagGauges(MeterRegistry registry, String topic, String group) {
    return List.copyOf(
        registry
            .find(MeterNames.CONSUMER_LAG)
            .tags(MeterNames.TOPIC, topic, MeterNames.GROUP, group)
            .gauges());
  }

  private static double lag(MeterRegistry registry, String topic, String group) {
    List<Gauge> gauges = lagGauges(registry, topic, group);
    return gauges.size() == 1 ? gauges.get(0).value() : -1;
  }

  private static List<String> kafkaMeters(MeterRegistry registry, String prefix) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .map(Meter.Id::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }
}
