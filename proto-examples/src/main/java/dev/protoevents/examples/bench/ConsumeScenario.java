package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Figure;
import dev.protoevents.examples.bench.Rounds.Measured;
import dev.protoevents.examples.bench.Rounds.Variant;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.runtime.EventListener;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Consume: each run a fresh consumer group reads the same {@code bench.events} events written by
 * protoevents, timed from creating the consumer until the last event was handled. Every variant
 * creates its own consumer.
 *
 * <ul>
 *   <li>{@code KafkaConsumer, auto-commit}: parse the value, read the event type, dispatch on it;
 *       offsets committed by the client in the background.
 *   <li>{@code KafkaConsumer, commitSync per batch}: the same, and {@code commitSync()} after each
 *       poll batch.
 *   <li>{@code EventSubscriber}: {@code subscribe(topic, OrderTopic.DECODER, listener)}; the
 *       listener dispatches on the sealed type and reads what the others read (the order and the
 *       key), so every variant does the same work per event and the rows compare the frameworks.
 *   <li>{@code Spring batch listener, AckMode.BATCH} (with {@code -Pbench}): parse, type, dispatch,
 *       like the auto-commit consumer.
 * </ul>
 */
final class ConsumeScenario {
  private final Bench bench;
  private final Optional<Peer> peer;

  ConsumeScenario(Bench bench, Optional<Peer> peer) {
    this.bench = bench;
    this.peer = peer;
  }

  List<Comparison> run(PublishScenario filler) throws Exception {
    String topic = bench.freshTopic("consume", Bench.PARTITIONS);
    bench.out.println();
    bench.out.printf(
        Locale.ROOT,
        "Consume (each run a fresh group reads the same %,d events of %s)%n",
        bench.events,
        topic);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", bench.bootstrapServers()))) {
      long nanos = filler.publishProtoevents(publisher, topic);
      bench.out.printf(
          Locale.ROOT,
          "  pre-filled %s with %,d events in %.2f s%n",
          topic,
          bench.events,
          nanos / 1e9);
    }
    Variant autoCommit = new Variant("KafkaConsumer, auto-commit", () -> consumeRaw(topic, true));
    Variant commitSync =
        new Variant("KafkaConsumer, commitSync per batch", () -> consumeRaw(topic, false));
    Variant subscriber = new Variant("EventSubscriber", () -> consumeProtoevents(topic));
    List<Variant> variants = new ArrayList<>(List.of(autoCommit, commitSync, subscriber));
    Optional<Variant> peerVariant = peer.map(p -> p.consumer(topic));
    peerVariant.ifPresent(variants::add);

    Figure rate = Figure.eventsPerSecond(bench.events);
    Measured measured =
        Rounds.run(bench.out, "consume", variants, bench.warmups, bench.rounds, rate);
    List<Comparison> rows = new ArrayList<>();
    rows.add(Comparison.of(measured, autoCommit, subscriber, rate, ">= 0.95"));
    rows.add(Comparison.of(measured, commitSync, subscriber, rate, ""));
    peerVariant.ifPresent(p -> rows.add(Comparison.of(measured, p, subscriber, rate, ">= 1.00")));
    return rows;
  }

  private long consumeRaw(String topic, boolean autoCommit) throws Exception {
    Map<String, Object> config = bench.consumerConfig("bench-raw", autoCommit);
    long start = System.nanoTime();
    long deadline = start + Bench.RUN_TIMEOUT.toNanos();
    long end;
    long local = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      int count = 0;
      while (true) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Bench.POLL_TIMEOUT);
        for (ConsumerRecord<String, byte[]> record : records) {
          local += Orders.handleLean(record);
          count++;
        }
        if (count >= bench.events) {
          // protoevents' latch opens before it commits this last batch: stop the clock here too.
          end = System.nanoTime();
          if (!autoCommit) {
            consumer.commitSync();
          }
          break;
        }
        if (!autoCommit && !records.isEmpty()) {
          consumer.commitSync();
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "raw consumer read "
                  + count
                  + " of "
                  + bench.events
                  + " events within "
                  + Bench.RUN_TIMEOUT);
        }
      }
    }
    Bench.sink(local);
    return end - start;
  }

  private long consumeProtoevents(String topic) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    // written on the subscription thread only; read after the latch
    long[] local = new long[1];
    long[] count = new long[1];
    EventListener<OrderEvent> listener =
        event -> {
          if (event instanceof OrderEvent.Created created) {
            local[0] += created.order().getItemsCount() + created.metadata().key().length();
          } else if (event instanceof OrderEvent.Replaced replaced) {
            local[0] += replaced.order().getStatusValue() + replaced.metadata().key().length();
          } else {
            throw new IllegalStateException("unexpected event " + event);
          }
          if (++count[0] == bench.events) {
            done.countDown();
          }
        };
    try (EventSubscriber subscriber =
        EventSubscriber.create(
            Map.of(
                "bootstrap.servers",
                bench.bootstrapServers(),
                "group.id",
                EmbeddedKafka.uniqueName("bench-protoevents")))) {
      long start = System.nanoTime();
      Subscription subscription = subscriber.subscribe(topic, OrderTopic.DECODER, listener);
      boolean complete = done.await(Bench.RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long end = System.nanoTime();
      if (!complete) {
        throw new IllegalStateException(
            "protoevents subscription received "
                + count[0]
                + " of "
                + bench.events
                + " events within "
                + Bench.RUN_TIMEOUT
                + "; failure: "
                + subscription.failure());
      }
      subscription.close();
      Bench.sink(local[0]);
      return end - start;
    }
  }
}
