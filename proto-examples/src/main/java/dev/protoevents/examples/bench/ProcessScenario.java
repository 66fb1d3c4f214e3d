package dev.protoevents.examples.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.protoevents.examples.bench.Rounds.Figure;
import dev.protoevents.examples.bench.Rounds.Measured;
import dev.protoevents.examples.bench.Rounds.Variant;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderEmitter;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderProcessor;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorContext;
import dev.protoevents.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Process: each run a fresh group reads the same {@code bench.events} {@code OrderCreated} events,
 * emits one {@code OrderReplaced} (the order marked paid) per input to an output topic and commits
 * outputs and input offsets in one transaction per poll batch (default {@code max.poll.records} for
 * both), timed from creating the clients until the last batch committed.
 *
 * <ul>
 *   <li>{@code KafkaConsumer + transactional KafkaProducer}: read_committed consumer; per poll
 *       batch {@code beginTransaction}, parse, build the output with the same headers protoevents
 *       writes (type, 16-byte id, causation and correlation id), {@code sendOffsetsToTransaction},
 *       {@code commitTransaction}.
 *   <li>{@code EventProcessor (OrderTopic.process)}: the generated {@code OrderProcessor} emitting
 *       through the generated {@code OrderEmitter}.
 * </ul>
 */
final class ProcessScenario {
  private final Bench bench;

  ProcessScenario(Bench bench) {
    this.bench = bench;
  }

  List<Comparison> run(PublishScenario filler) throws Exception {
    String input = bench.freshTopic("process-in", Bench.PARTITIONS);
    String rawOut = bench.freshTopic("process-raw-out", Bench.PARTITIONS);
    // The generated emitter writes to the order topic: give it the same partitions as rawOut.
    bench.createOrderTopic();
    bench.out.println();
    bench.out.printf(
        Locale.ROOT,
        "Process (each run a fresh group turns the same %,d events of %s into as many, one"
            + " transaction per poll batch)%n",
        bench.events,
        input);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", bench.bootstrapServers()))) {
      long nanos = filler.publishProtoevents(publisher, input);
      bench.out.printf(
          Locale.ROOT,
          "  pre-filled %s with %,d events in %.2f s%n",
          input,
          bench.events,
          nanos / 1e9);
    }
    Variant raw =
        new Variant("KafkaConsumer + transactional KafkaProducer", () -> processRaw(input, rawOut));
    Variant processor =
        new Variant("EventProcessor (OrderTopic.process)", () -> processProtoevents(input));
    Figure rate = Figure.eventsPerSecond(bench.events);
    Measured measured =
        Rounds.run(
            bench.out, "process", List.of(raw, processor), bench.warmups, bench.rounds, rate);
    return List.of(Comparison.of(measured, raw, processor, rate, ">= 0.90"));
  }

  private long processRaw(String input, String output) throws Exception {
    Map<String, Object> consumerConfig = bench.consumerConfig("bench-raw-process", false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> producerConfig = bench.producerConfig();
    producerConfig.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, EmbeddedKafka.uniqueName("bench-raw-process"));
    long start = System.nanoTime();
    long deadline = start + Bench.RUN_TIMEOUT.toNanos();
    int count = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      producer.initTransactions();
      consumer.subscribe(List.of(input));
      while (count < bench.events) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Bench.POLL_TIMEOUT);
        if (records.isEmpty()) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(
                "raw processor read " + count + " of " + bench.events + " events in time");
          }
          continue;
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
          producer.send(paid(record, output));
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
          count++;
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      }
    }
    return System.nanoTime() - start;
  }

  /** What the processor emits, built by hand: the order marked paid, with the same headers. */
  private static ProducerRecord<String, byte[]> paid(
      ConsumerRecord<String, byte[]> record, String output) throws InvalidProtocolBufferException {
    Order order = Order.parseFrom(record.value());
    Order paid = order.toBuilder().setStatus(Order.Status.STATUS_PAID).build();
    ByteBuffer id = ByteBuffer.wrap(record.headers().lastHeader(EventHeaders.EVENT_ID).value());
    byte[] cause = Orders.utf8(new UUID(id.getLong(), id.getLong()).toString());
    RecordHeaders headers = new RecordHeaders();
    byte[] newId = new byte[16];
    ThreadLocalRandom.current().nextBytes(newId);
    headers.add(EventHeaders.EVENT_ID, newId);
    headers.add(EventHeaders.CAUSATION_ID, cause);
    headers.add(EventHeaders.CORRELATION_ID, cause);
    headers.add(EventHeaders.EVENT_TYPE, Orders.utf8("OrderReplaced"));
    return new ProducerRecord<>(
        output, null, System.currentTimeMillis(), record.key(), paid.toByteArray(), headers);
  }

  private long processProtoevents(String input) throws Exception {
    OrderProcessor paying =
        new OrderProcessor() {
          @Override
          public void onCreated(OrderEvent.Created event, ProcessorContext context) {
            new OrderEmitter(context)
                .replaced(event.order().toBuilder().setStatus(Order.Status.STATUS_PAID).build());
          }
        };
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bench.bootstrapServers());
    config.put("auto.offset.reset", "earliest");
    long start = System.nanoTime();
    long deadline = start + Bench.RUN_TIMEOUT.toNanos();
    try (EventProcessor processor =
        EventProcessor.start(
            config,
            EmbeddedKafka.uniqueName("bench-protoevents-process"),
            input,
            OrderTopic.DECODER,
            paying)) {
      while (processor.stats().processed() < bench.events) {
        if (System.nanoTime() - deadline > 0 || processor.state().isTerminal()) {
          throw new IllegalStateException(
              "protoevents processor committed "
                  + processor.stats().processed()
                  + " of "
                  + bench.events
                  + " events in time; failure: "
                  + processor.failure());
        }
        TimeUnit.MICROSECONDS.sleep(200);
      }
      return System.nanoTime() - start;
    }
  }
}
