package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.Fixtures.Received;
import dev.protoevents.runtime.envelope.Envelope;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorListener;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Processors on the broker: emitted events and input offsets commit together; a failing handler's
 * events never become visible to read_committed readers, and after a successful retry exactly one
 * copy is; causation and correlation ids chain across processors, traceparent passes unchanged.
 */
@EmbeddedKafkaTest
class EventProcessorTest {

  private static final int INPUTS = 200;

  @Test
  void failedAttemptsEmitNothingVisibleAndARetryThatSucceedsEmitsExactlyOnce(EmbeddedKafka kafka)
      throws Exception {
    // Given 200 inputs on 3 partitions; the handler emits two events per input, but for every
    // 20th input it throws after emitting the first, on its first two attempts; input 7 always
    String in = EmbeddedKafka.uniqueName("orders");
    String out = EmbeddedKafka.uniqueName("invoices");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(in, 3);
    kafka.createTopic(out, 2);
    publish(kafka, in, INPUTS);
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    ProcessorListener<Received> listener =
        (event, context) -> {
          int n = Integer.parseInt(event.name().substring(1));
          int attempt = event.metadata().deliveryAttempt();
          attempts.merge(event.name(), attempt, Math::max);
          CompletableFuture<?> a =
              context.emit(
                  OutgoingEvent.of(out, event.metadata().key(), "A", Fixtures.type("a" + n)));
          if (n == 7 || (n % 20 == 3 && attempt <= 2)) {
            a.get(30, TimeUnit.SECONDS); // on the broker: an aborted A is in the log for sure
            throw new IllegalStateException("fails on input " + n + ", attempt " + attempt);
          }
          context.emit(OutgoingEvent.of(out, event.metadata().key(), "B", Fixtures.type("b" + n)));
        };
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 3);

    // When a processor runs over them
    try (EventProcessor processor =
            EventProcessor.start(config, group, in, Fixtures.DECODER, listener);
        Admin admin = Fixtures.admin(kafka)) {
      Map<Integer, Long> end = endOffsets(admin, in, 3);
      Fixtures.awaitCommitted(admin, group, end);

      // Then a read_committed reader sees exactly one A and one B per input, none for input 7
      int expected = 2 * (INPUTS - 1);
      List<ConsumerRecord<String, byte[]>> committed = readAll(kafka, out, "read_committed");
      Map<String, Long> copies =
          committed.stream()
              .collect(Collectors.groupingBy(r -> parseName(r), Collectors.counting()));
      assertEquals(expected, committed.size(), "committed outputs");
      assertTrue(copies.values().stream().allMatch(c -> c == 1), "every output once: " + copies);
      assertTrue(!copies.containsKey("a7") && !copies.containsKey("b7"), "nothing for input 7");
      // and the aborted attempts' events are in the log, hidden from read_committed
      int everything = readAll(kafka, out, "read_uncommitted").size();
      assertTrue(
          everything >= expected + 10 * 2 + 3,
          "aborted outputs stay in the log: " + everything + " records in all");
      // and input 7 went to the dead-letter topic after 3 attempts, with the group's offsets
      List<ConsumerRecord<String, byte[]>> dead = kafka.readRecords(in + ".dlq", 1, TIMEOUT);
      assertEquals("e7", parseName(dead.get(0)));
      assertEquals("3", Fixtures.header(dead.get(0), DeadLetterHeaders.ATTEMPTS));
      assertEquals(3, attempts.get("e7"));
      assertEquals(3, attempts.get("e3"));
      assertEquals(INPUTS - 1, processor.stats().processed());
      assertEquals(1, processor.stats().deadLettered());
      assertEquals(SubscriptionState.RUNNING, processor.state());
    }
  }

  @Test
  void causationAndCorrelationChainAcrossTwoProcessorsAndTraceparentArrivesUnchanged(
      EmbeddedKafka kafka) throws Exception {
    // Given an input event with a traceparent and tracestate, and two processors in a chain
    String first = EmbeddedKafka.uniqueName("orders");
    String second = EmbeddedKafka.uniqueName("invoices");
    String third = EmbeddedKafka.uniqueName("mails");
    kafka.createTopic(first, 1);
    kafka.createTopic(second, 1);
    kafka.createTopic(third, 1);
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      publisher
          .publish(
              OutgoingEvent.of(first, "o-1", "OrderCompleted", Fixtures.type("o-1"))
                  .withTraceparent(traceparent)
                  .withCausation(
                      OutgoingEvent.of(first, "o-1", "X", Fixtures.type("x"))
                          .withTraceparent(traceparent)
                          .causation()
                          .withTracestate("vendor=1")))
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> config = Fixtures.clientConfig(kafka);

    // When processor one turns it into an invoice and processor two the invoice into a mail
    try (EventProcessor one =
            EventProcessor.start(
                config,
                EmbeddedKafka.uniqueName("billing"),
                first,
                Fixtures.DECODER,
                (event, context) ->
                    context.emit(
                        OutgoingEvent.of(second, "i-1", "InvoiceCreated", Fixtures.type("i-1"))));
        EventProcessor two =
            EventProcessor.start(
                config,
                EmbeddedKafka.uniqueName("mailing"),
                second,
                Fixtures.DECODER,
                (event, context) ->
                    context.emit(
                        OutgoingEvent.of(third, "m-1", "MailSent", Fixtures.type("m-1"))))) {
      ConsumerRecord<String, byte[]> order = kafka.readRecords(first, 1, TIMEOUT).get(0);
      ConsumerRecord<String, byte[]> invoice = kafka.readRecords(second, 1, TIMEOUT).get(0);
      ConsumerRecord<String, byte[]> mail = kafka.readRecords(third, 1, TIMEOUT).get(0);
      EventMetadata orderMeta = Envelope.lean().read(order).metadata();
      EventMetadata invoiceMeta = Envelope.lean().read(invoice).metadata();
      EventMetadata mailMeta = Envelope.lean().read(mail).metadata();

      // Then each names its cause, all carry the first event's id as correlation id
      assertTrue(orderMeta.correlationId().isEmpty());
      assertEquals(orderMeta.eventId(), invoiceMeta.causationId().orElseThrow());
      assertEquals(orderMeta.eventId(), invoiceMeta.correlationId().orElseThrow());
      assertEquals(invoiceMeta.eventId(), mailMeta.causationId().orElseThrow());
      assertEquals(orderMeta.eventId(), mailMeta.correlationId().orElseThrow());
      // and the trace context arrives unchanged, byte for byte
      assertEquals(traceparent, mailMeta.traceparent().orElseThrow());
      assertEquals("vendor=1", mailMeta.causation().tracestate().orElseThrow());
      assertEquals(traceparent, Fixtures.header(mail, "traceparent"));
      assertEquals(mailMeta.causationId().orElseThrow(), Fixtures.header(mail, "pe_causation"));
      assertTrue(mailMeta.headers().lastHeader("pe_correlation") != null);
      assertEquals(1, one.stats().emitted());
      Await.until(TIMEOUT, "second processor committed", () -> two.stats().committed() >= 1);
    }
  }

  @Test
  void aSubscriptionReadsCommittedByDefaultSoAbortedEventsNeverArrive(EmbeddedKafka kafka)
      throws Exception {
    // Given a topic holding an aborted transaction's event, then a committed one
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, EmbeddedKafka.uniqueName("tx"));
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      producer.initTransactions();
      for (String name : List.of("aborted", "committed")) {
        producer.beginTransaction();
        producer
            .send(
                Envelope.lean()
                    .write(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))))
            .get(30, TimeUnit.SECONDS);
        if (name.equals("aborted")) {
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
    // When a subscription with default settings reads the topic
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (EventSubscriber subscriber =
        EventSubscriber.create(Fixtures.subscriberConfig(kafka, EmbeddedKafka.uniqueName("g")))) {
      subscriber.subscribe(topic, Fixtures.DECODER, event -> received.add(event.name()));
      Await.until(TIMEOUT, "the committed event", () -> received.contains("committed"));
    }
    // Then only the committed event arrived
    assertEquals(List.of("committed"), received);
  }

  @Test
  void anEventPublisherRefusesATransactionalIdAndPointsAtProcessors(EmbeddedKafka kafka) {
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "billing-1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventPublisher.create(config));
    assertTrue(e.getMessage().contains("transactional.id 'billing-1'"), e.getMessage());
    assertTrue(e.getMessage().contains("EventProcessor"), e.getMessage());
  }

  @Test
  void emittingAfterTheHandlerReturnedIsRefused(EmbeddedKafka kafka) throws Exception {
    String in = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(in, 1);
    publish(kafka, in, 1);
    CompletableFuture<dev.protoevents.runtime.process.ProcessorContext> kept =
        new CompletableFuture<>();
    AtomicBoolean refused = new AtomicBoolean();
    try (EventProcessor processor =
        EventProcessor.start(
            Fixtures.clientConfig(kafka),
            EmbeddedKafka.uniqueName("g"),
            in,
            Fixtures.DECODER,
            (event, context) -> kept.complete(context))) {
      var context = kept.get(30, TimeUnit.SECONDS);
      try {
        context.emit(OutgoingEvent.of(in, "k", "Late", Fixtures.type("late")));
      } catch (IllegalStateException e) {
        refused.set(e.getMessage().contains("outside the handler"));
      }
      assertTrue(refused.get(), "a late emit is refused with a message saying why");
      Await.until(TIMEOUT, "the event committed", () -> processor.stats().processed() == 1);
    }
  }

  private static void publish(EmbeddedKafka kafka, String topic, int count) {
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka))) {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(
            publisher.publish(
                OutgoingEvent.of(
                    topic, "order-" + (i % 31), "OrderCompleted", Fixtures.type("e" + i))));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .orTimeout(30, TimeUnit.SECONDS)
          .join();
    }
  }

  private static String parseName(ConsumerRecord<String, byte[]> record) {
    try {
      return com.google.protobuf.Type.parseFrom(record.value()).getName();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<Integer, Long> endOffsets(Admin admin, String topic, int partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> end = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((partition, info) -> end.put(partition.partition(), info.offset()));
    return end;
  }

  /** Every record of {@code topic} as a reader with {@code isolation} sees it once it is idle. */
  private static List<ConsumerRecord<String, byte[]>> readAll(
      EmbeddedKafka kafka, String topic, String isolation) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                EmbeddedKafka.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      Map<TopicPartition, Long> ends = new HashMap<>();
      Await.until(
          TIMEOUT,
          "reading " + topic + " to its end",
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            if (consumer.assignment().isEmpty()) {
              return false;
            }
            ends.putAll(consumer.endOffsets(consumer.assignment()));
            return ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          });
    }
    return records;
  }
}
