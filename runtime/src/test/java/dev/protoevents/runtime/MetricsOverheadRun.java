package dev.protoevents.runtime;

import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Measuring driver, not part of the test suite (the name does not end in Test): the cost of the
 * meters on the consume and publish paths. One broker, one topic of events; each round a fresh
 * group consumes all of them (and a publisher writes a batch) with metrics off, then on, in ABBA
 * order so that neither always runs first. Prints the median events per second of each and the
 * ratio.
 *
 * <pre>
 * ./mvnw -B verify -pl runtime -am -Dtest=MetricsOverheadRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Doverhead.events=200000 -Doverhead.rounds=4
 * </pre>
 */
@EmbeddedKafkaTest
class MetricsOverheadRun {

  @Test
  void consumeAndPublishWithMetricsOffAndOn(EmbeddedKafka kafka) throws Exception {
    int events = Integer.getInteger("overhead.events", 200_000);
    int rounds = Integer.getInteger("overhead.rounds", 4);
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 3);
    publish(kafka, topic, events, false); // the history every round consumes, and a warm-up
    consume(kafka, topic, events, false);
    consume(kafka, topic, events, true);
    List<Double> consumeOff = new ArrayList<>();
    List<Double> consumeOn = new ArrayList<>();
    List<Double> publishOff = new ArrayList<>();
    List<Double> publishOn = new ArrayList<>();
    String scratch = EmbeddedKafka.uniqueName("scratch");
    kafka.createTopic(scratch, 3);
    for (int round = 0; round < rounds; round++) {
      boolean onFirst = round % 4 == 1 || round % 4 == 2; // ABBA BAAB ...
      for (boolean on : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        (on ? consumeOn : consumeOff).add(consume(kafka, topic, events, on));
        (on ? publishOn : publishOff).add(publish(kafka, scratch, events / 4, on));
      }
    }
    System.out.printf(
        "metrics overhead, %d events, %d rounds: consume off %.0f/s, on %.0f/s (on/off %.3f);"
            + " publish (%d) off %.0f/s, on %.0f/s (on/off %.3f)%n",
        events,
        rounds,
        median(consumeOff),
        median(consumeOn),
        median(consumeOn) / median(consumeOff),
        events / 4,
        median(publishOff),
        median(publishOn),
        median(publishOn) / median(publishOff));
    System.out.println("consume off " + consumeOff + ", on " + consumeOn);
    System.out.println("publish off " + publishOff + ", on " + publishOn);
  }

  private static double consume(EmbeddedKafka kafka, String topic, int events, boolean metrics)
      throws Exception {
    Map<String, Object> config =
        Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("overhead"));
    if (metrics) {
      config.put(ProtoeventsConfig.METRICS_REGISTRY, new SimpleMeterRegistry());
    }
    AtomicLong handled = new AtomicLong();
    long start = System.nanoTime();
    try (EventSubscriber subscriber = EventSubscriber.create(config)) {
      subscriber.subscribe(topic, Fixtures.DECODER, event -> handled.incrementAndGet());
      Await.until(Duration.ofMinutes(5), "all consumed", () -> handled.get() >= events);
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double publish(EmbeddedKafka kafka, String topic, int events, boolean metrics) {
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    if (metrics) {
      config.put(ProtoeventsConfig.METRICS_REGISTRY, new SimpleMeterRegistry());
    }
    try (EventPublisher publisher = EventPublisher.create(config)) {
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        publisher.publish(OutgoingEvent.of(topic, "k" + i, "TypeCreated", Fixtures.type("e")));
      }
      publisher.flush();
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
