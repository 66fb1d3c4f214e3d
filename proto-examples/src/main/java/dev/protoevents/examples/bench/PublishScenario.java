package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Figure;
import dev.protoevents.examples.bench.Rounds.Measured;
import dev.protoevents.examples.bench.Rounds.Variant;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderPublisher;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.OutgoingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publish: {@code bench.events} {@code OrderCreated} events per run, timed until every send is
 * acknowledged (flush). Every variant has its own producer and its own topic; all serialize the
 * order per record ({@code toByteArray}).
 *
 * <ul>
 *   <li>{@code KafkaProducer, no headers}: key and value only, the least a producer can do.
 *   <li>{@code KafkaProducer, same headers}: the same record {@code EventPublisher} writes, headers
 *       built by hand the same way.
 *   <li>{@code EventPublisher}: {@code publish(OutgoingEvent.of(topic, key, "OrderCreated",
 *       order))}.
 *   <li>{@code OrderPublisher (generated)}: {@code created(order)} on {@code OrderTopic.NAME}.
 *   <li>{@code Spring KafkaTemplate, same headers} (with {@code -Pbench}): the same records.
 * </ul>
 */
final class PublishScenario {
  private final Bench bench;
  private final Optional<Peer> peer;

  PublishScenario(Bench bench, Optional<Peer> peer) {
    this.bench = bench;
    this.peer = peer;
  }

  List<Comparison> run() throws Exception {
    bench.createOrderTopic();
    String bareTopic = bench.freshTopic("publish-bare", Bench.PARTITIONS);
    String rawTopic = bench.freshTopic("publish-raw", Bench.PARTITIONS);
    String publisherTopic = bench.freshTopic("publish-protoevents", Bench.PARTITIONS);
    String peerTopic = bench.freshTopic("publish-peer", Bench.PARTITIONS);
    bench.out.println();
    bench.out.printf(
        "Publish (topics %s, %s, %s, %s, %s)%n",
        bareTopic, rawTopic, publisherTopic, OrderTopic.NAME, peerTopic);

    Map<String, Object> config = bench.producerConfig();
    Map<String, String> protoeventsConfig = Map.of("bootstrap.servers", bench.bootstrapServers());
    try (KafkaProducer<String, byte[]> bare = new KafkaProducer<>(config);
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(config);
        EventPublisher publisher = EventPublisher.create(protoeventsConfig);
        EventPublisher generatedOwn = EventPublisher.create(protoeventsConfig)) {
      OrderPublisher generated = new OrderPublisher(generatedOwn);
      Variant bareVariant =
          new Variant("KafkaProducer, no headers", () -> publishRaw(bare, bareTopic, false));
      Variant rawVariant =
          new Variant("KafkaProducer, same headers", () -> publishRaw(raw, rawTopic, true));
      Variant publisherVariant =
          new Variant("EventPublisher", () -> publishProtoevents(publisher, publisherTopic));
      Variant generatedVariant =
          new Variant(
              "OrderPublisher (generated)", () -> publishGenerated(generated, generatedOwn));
      List<Variant> variants =
          new ArrayList<>(List.of(bareVariant, rawVariant, publisherVariant, generatedVariant));
      Optional<Variant> peerVariant = peer.map(p -> p.publisher(peerTopic));
      peerVariant.ifPresent(variants::add);

      Figure rate = Figure.eventsPerSecond(bench.events);
      Measured measured =
          Rounds.run(bench.out, "publish", variants, bench.warmups, bench.rounds, rate);
      List<Comparison> rows = new ArrayList<>();
      rows.add(Comparison.of(measured, bareVariant, publisherVariant, rate, ">= 0.90"));
      rows.add(Comparison.of(measured, rawVariant, publisherVariant, rate, ""));
      peerVariant.ifPresent(p -> rows.add(Comparison.of(measured, p, publisherVariant, rate, "")));
      rows.add(Comparison.of(measured, bareVariant, generatedVariant, rate, ">= 0.90"));
      rows.add(Comparison.of(measured, rawVariant, generatedVariant, rate, ""));
      return rows;
    }
  }

  private long publishRaw(KafkaProducer<String, byte[]> producer, String topic, boolean headers)
      throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < bench.events; i++) {
      bench.sent(i, sendRaw(producer, topic, bench.order(i), headers));
    }
    producer.flush();
    long nanos = System.nanoTime() - start;
    bench.checkAcknowledged();
    return nanos;
  }

  /** A method of its own, as {@code EventPublisher.publish} is, so the JIT treats both alike. */
  private static Future<RecordMetadata> sendRaw(
      KafkaProducer<String, byte[]> producer, String topic, Order order, boolean headers) {
    return producer.send(
        new ProducerRecord<>(
            topic,
            null,
            order.getId(),
            order.toByteArray(),
            headers ? Orders.headers(Orders.CREATED, order) : null));
  }

  /** Publishes {@code bench.events} events through {@code publisher}; also fills topics. */
  long publishProtoevents(EventPublisher publisher, String topic) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < bench.events; i++) {
      Order order = bench.order(i);
      bench.sent(
          i, publisher.publish(OutgoingEvent.of(topic, order.getId(), Orders.CREATED, order)));
    }
    publisher.flush();
    long nanos = System.nanoTime() - start;
    bench.checkAcknowledged();
    return nanos;
  }

  private long publishGenerated(OrderPublisher generated, EventPublisher own) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < bench.events; i++) {
      bench.sent(i, generated.created(bench.order(i)));
    }
    own.flush(); // the EventPublisher the generated publisher writes through
    long nanos = System.nanoTime() - start;
    bench.checkAcknowledged();
    return nanos;
  }
}
