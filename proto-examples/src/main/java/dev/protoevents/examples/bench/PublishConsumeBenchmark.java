package dev.protoevents.examples.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.protoevents.examples.Prices;
import dev.protoevents.examples.shop.common.Address;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderPublisher;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventListener;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Measures protoevents against raw kafka-clients doing the same work with the same bytes, side by
 * side in one JVM on one embedded broker, and prints events per second and the ratio
 * protoevents/baseline. Not a unit test: nothing here asserts a time.
 *
 * <ul>
 *   <li>publish: {@code N} {@code OrderCreated} events, timed until every one is acknowledged
 *       (flush). Baseline: a {@code KafkaProducer<String, byte[]>} with the settings protoevents
 *       uses (acks=all, idempotence on, other settings default) writing the same key, the value
 *       {@code order.toByteArray()} computed per record (as {@code EventPublisher} does) and the
 *       same four headers (event type, message type, random UUID, ISO instant). protoevents: {@code
 *       EventPublisher.publish(OutgoingEvent.of(topic, key, "OrderCreated", order))}, which is what
 *       the generated {@code OrderPublisher.created} does, on a topic of its own; and the generated
 *       {@code OrderPublisher} itself on {@code OrderTopic.NAME}.
 *   <li>consume: read {@code N} events written by protoevents, each time in a fresh consumer group,
 *       timed from creating the consumer until the {@code N}th event was handled. Baseline: a
 *       {@code KafkaConsumer<String, byte[]>} that parses each value with {@code Order.parseFrom},
 *       reads the four headers (parsing the instant) and commits synchronously after each poll
 *       batch, as protoevents does; a second baseline relies on auto-commit instead. protoevents:
 *       {@code EventSubscriber.subscribe(topic, OrderTopic.DECODER, listener)}.
 * </ul>
 *
 * <p>Every variant runs {@code bench.warmups} warm-up rounds and then {@code bench.rounds} measured
 * rounds. The variants alternate (A B A B ...), and every second round runs them in reverse order
 * (A B, B A, ...), so that drift (JIT, GC, the broker's page cache) and whatever one variant leaves
 * behind for the next hit all of them alike; the medians are compared.
 *
 * <pre>{@code
 * ./mvnw -B -Pbench verify                                       # defaults
 * ./mvnw -B -Pbench verify -Dbench.events=50000 -Dbench.rounds=3
 * }</pre>
 */
public final class PublishConsumeBenchmark {
  private static final PrintStream OUT = System.out;

  private static final int DEFAULT_EVENTS = 300_000;
  private static final int DEFAULT_ROUNDS = 5;
  private static final int DEFAULT_WARMUPS = 1;
  private static final int PARTITIONS = 3;

  /** Orders cycled through, so that keys spread over the partitions as real ids would. */
  private static final int DISTINCT_ORDERS = 1024;

  private static final String EVENT_TYPE = OrderEvent.Created.TYPE;
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

  /** Receives a value derived from every handled event, so the JIT cannot drop the work. */
  private static volatile long sink;

  private final EmbeddedKafka kafka;
  private final Admin admin;
  private final int events;
  private final int rounds;
  private final int warmups;
  private final Order[] orders;
  private final Future<?>[] sent;

  private PublishConsumeBenchmark(
      EmbeddedKafka kafka, Admin admin, int events, int rounds, int warmups) {
    this.kafka = kafka;
    this.admin = admin;
    this.events = events;
    this.rounds = rounds;
    this.warmups = warmups;
    this.orders = new Order[DISTINCT_ORDERS];
    for (int i = 0; i < DISTINCT_ORDERS; i++) {
      orders[i] = order(i);
    }
    this.sent = new Future<?>[events];
  }

  /**
   * Runs the benchmark with {@code -Dbench.events} (default 300000) events per round, {@code
   * -Dbench.rounds} (default 5) measured rounds and {@code -Dbench.warmups} (default 1) warm-up
   * rounds before them. Exits by itself.
   */
  public static void main(String[] args) throws Exception {
    int events = positiveProperty("bench.events", DEFAULT_EVENTS);
    int rounds = positiveProperty("bench.rounds", DEFAULT_ROUNDS);
    int warmups = positiveProperty("bench.warmups", DEFAULT_WARMUPS);
    long started = System.nanoTime();

    Order sample = order(0);
    OUT.println("protoevents benchmark: protoevents vs raw kafka-clients, same JVM, same broker");
    OUT.printf(
        Locale.ROOT,
        "date %s, %d cores, Java %s (%s), max heap %d MB, %s %s, kafka-clients %s%n",
        LocalDate.now(ZoneOffset.UTC),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        AppInfoParser.getVersion());
    OUT.printf(
        Locale.ROOT,
        "N = %,d events per round, %d rounds + %d warm-up per variant, %d partitions,"
            + " %d distinct orders, value %d bytes (%d line items), 4 headers%n",
        events,
        rounds,
        warmups,
        PARTITIONS,
        DISTINCT_ORDERS,
        sample.getSerializedSize(),
        sample.getItemsCount());
    OUT.println(
        "The embedded broker runs in this JVM too: clients and broker share the same cores.");
    OUT.println();

    List<Comparison> comparisons;
    OUT.println("Starting an embedded Kafka broker (KRaft) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      PublishConsumeBenchmark benchmark =
          new PublishConsumeBenchmark(kafka, admin, events, rounds, warmups);
      comparisons = new ArrayList<>(benchmark.publish());
      comparisons.addAll(benchmark.consume());
    }

    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "Results (median of %d rounds of %,d events; [min .. max] in brackets):%n",
        rounds,
        events);
    int width = comparisons.stream().mapToInt(c -> c.label().length()).max().orElse(0);
    for (Comparison comparison : comparisons) {
      OUT.println(comparison.format(width));
    }
    OUT.println();
    OUT.println(
        "ratio = protoevents / baseline events per second (1.00 = as fast as raw kafka-clients,"
            + " below 1 = slower).");
    OUT.println(
        "publish: both sides serialize the Order per record (toByteArray) and build the same four"
            + " headers; timed until all sends are acknowledged (flush).");
    OUT.println(
        "consume: both sides create their consumer in a fresh group inside the timed region, parse"
            + " every Order and read its headers.");
    OUT.printf(
        Locale.ROOT, "Total time %.1f s. Broker stopped.%n", (System.nanoTime() - started) / 1e9);
  }

  // ---------------------------------------------------------------------------------------------
  // publish

  private List<Comparison> publish() throws Exception {
    // One topic per variant, each written by all of its rounds. The generated publisher can only
    // write to the resource's own topic; the others get fresh ones with the same partitions.
    createTopic(OrderTopic.NAME);
    String rawTopic = freshTopic("publish-raw");
    String protoeventsTopic = freshTopic("publish-protoevents");

    Map<String, Object> rawConfig = new HashMap<>();
    rawConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    rawConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    rawConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    rawConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    rawConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

    OUT.println();
    OUT.printf(
        "Scenario 1, publish (topics: %s, %s, %s)%n", rawTopic, protoeventsTopic, OrderTopic.NAME);
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(rawConfig);
        EventPublisher publisher =
            EventPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      OrderPublisher generated = new OrderPublisher(publisher);
      List<Variant> variants =
          List.of(
              new Variant(BASELINE, "KafkaProducer", () -> publishRaw(raw, rawTopic)),
              new Variant(
                  PROTOEVENTS,
                  "EventPublisher",
                  () -> publishProtoevents(publisher, protoeventsTopic)),
              new Variant(
                  PROTOEVENTS,
                  "OrderPublisher (generated)",
                  () -> publishGenerated(generated, publisher)));
      double[][] rates = measure("publish", variants);
      return List.of(
          new Comparison("publish", variants.get(0), rates[0], variants.get(1), rates[1]),
          new Comparison("publish", variants.get(0), rates[0], variants.get(2), rates[2]));
    }
  }

  private long publishRaw(KafkaProducer<String, byte[]> producer, String topic) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      sent[i] = sendRaw(producer, topic, orders[i % DISTINCT_ORDERS]);
    }
    producer.flush();
    long nanos = System.nanoTime() - start;
    checkAcknowledged();
    return nanos;
  }

  /**
   * Sends what {@code EventPublisher.publish} sends: the same key, value and headers. A method of
   * its own, as {@code publish} is, so that the JIT treats both sides alike.
   */
  private static Future<RecordMetadata> sendRaw(
      KafkaProducer<String, byte[]> producer, String topic, Order order) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventHeaders.EVENT_TYPE, utf8(EVENT_TYPE));
    headers.add(EventHeaders.MESSAGE_TYPE, utf8(order.getDescriptorForType().getFullName()));
    headers.add(EventHeaders.EVENT_ID, utf8(UUID.randomUUID().toString()));
    headers.add(EventHeaders.OCCURRED_AT, utf8(Instant.now().toString()));
    return producer.send(
        new ProducerRecord<>(topic, null, order.getId(), order.toByteArray(), headers));
  }

  private long publishProtoevents(EventPublisher publisher, String topic) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      Order order = orders[i % DISTINCT_ORDERS];
      sent[i] = publisher.publish(OutgoingEvent.of(topic, order.getId(), EVENT_TYPE, order));
    }
    publisher.flush();
    long nanos = System.nanoTime() - start;
    checkAcknowledged();
    return nanos;
  }

  private long publishGenerated(OrderPublisher generated, EventPublisher publisher)
      throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      sent[i] = generated.created(orders[i % DISTINCT_ORDERS]);
    }
    publisher.flush(); // the EventPublisher the generated publisher writes through
    long nanos = System.nanoTime() - start;
    checkAcknowledged();
    return nanos;
  }

  /** Fails the run if any send failed; outside the timed region. */
  private void checkAcknowledged() throws Exception {
    for (int i = 0; i < events; i++) {
      sent[i].get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      sent[i] = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // consume

  private List<Comparison> consume() throws Exception {
    String topic = freshTopic("consume");
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "Scenario 2, consume (each round a fresh group reads the same %,d events of %s)%n",
        events,
        topic);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      long nanos = publishProtoevents(publisher, topic);
      OUT.printf(
          Locale.ROOT, "  pre-filled %s with %,d events in %.2f s%n", topic, events, nanos / 1e9);
    }
    List<Variant> variants =
        List.of(
            new Variant(BASELINE, "KafkaConsumer, commitSync", () -> consumeRaw(topic, false)),
            new Variant(PROTOEVENTS, "EventSubscriber", () -> consumeProtoevents(topic)),
            new Variant(BASELINE, "KafkaConsumer, auto-commit", () -> consumeRaw(topic, true)));
    double[][] rates = measure("consume", variants);
    return List.of(
        new Comparison("consume", variants.get(0), rates[0], variants.get(1), rates[1]),
        new Comparison("consume", variants.get(2), rates[2], variants.get(1), rates[1]));
  }

  private long consumeRaw(String topic, boolean autoCommit) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, EmbeddedKafka.uniqueName("bench-raw"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);

    long start = System.nanoTime();
    long deadline = start + ROUND_TIMEOUT.toNanos();
    long end;
    long local = 0;
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    try {
      consumer.subscribe(List.of(topic));
      int count = 0;
      while (true) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (ConsumerRecord<String, byte[]> record : records) {
          local += handle(record);
          count++;
        }
        if (count >= events) {
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
              "raw consumer read " + count + " of " + events + " events within " + ROUND_TIMEOUT);
        }
      }
    } finally {
      consumer.close();
    }
    sink += local;
    return end - start;
  }

  /** What a hand-written consumer does with a record: parse the value, read the headers. */
  private static long handle(ConsumerRecord<String, byte[]> record)
      throws InvalidProtocolBufferException {
    Order order = Order.parseFrom(record.value());
    String eventType = header(record, EventHeaders.EVENT_TYPE);
    String messageType = header(record, EventHeaders.MESSAGE_TYPE);
    String eventId = header(record, EventHeaders.EVENT_ID);
    Instant occurredAt = Instant.parse(header(record, EventHeaders.OCCURRED_AT));
    if (!EVENT_TYPE.equals(eventType)) {
      throw new IllegalStateException("unexpected event type " + eventType);
    }
    return order.getItemsCount()
        + messageType.length()
        + eventId.length()
        + occurredAt.getNano()
        + record.key().length();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private long consumeProtoevents(String topic) throws Exception {
    CountDownLatch done = new CountDownLatch(events);
    long[] local = new long[1]; // written on the subscription thread only; read after the latch
    EventListener<OrderEvent> listener =
        event -> {
          if (event instanceof OrderEvent.Created created) {
            local[0] +=
                created.order().getItemsCount()
                    + created.metadata().messageType().length()
                    + created.metadata().eventId().length()
                    + created.metadata().occurredAt().getNano()
                    + created.metadata().key().length();
          } else {
            throw new IllegalStateException("unexpected event " + event);
          }
          done.countDown();
        };
    try (EventSubscriber subscriber =
        EventSubscriber.create(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                EmbeddedKafka.uniqueName("bench-protoevents")))) {
      long start = System.nanoTime();
      Subscription subscription = subscriber.subscribe(topic, OrderTopic.DECODER, listener);
      boolean complete = done.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long end = System.nanoTime();
      if (!complete) {
        throw new IllegalStateException(
            "protoevents subscription received "
                + (events - done.getCount())
                + " of "
                + events
                + " events within "
                + ROUND_TIMEOUT
                + "; failure: "
                + subscription.failure());
      }
      subscription.close();
      sink += local[0];
      return end - start;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // rounds and results

  /** One thing to time: runs {@code N} events and returns the elapsed nanoseconds. */
  @FunctionalInterface
  private interface TimedRun {
    long nanos() throws Exception;
  }

  private static final String BASELINE = "baseline";
  private static final String PROTOEVENTS = "protoevents";

  /** One contender of a scenario: its side (baseline or protoevents), its name, its run. */
  private record Variant(String side, String name, TimedRun run) {}

  /**
   * Runs {@link #warmups} warm-up rounds and {@link #rounds} measured rounds, each round running
   * every variant once, every second round in reverse order; returns events per second per variant
   * and measured round.
   */
  private double[][] measure(String scenario, List<Variant> variants) throws Exception {
    double[][] rates = new double[variants.size()][rounds];
    for (int round = 0; round < warmups + rounds; round++) {
      boolean warmup = round < warmups;
      for (int i = 0; i < variants.size(); i++) {
        int v = round % 2 == 0 ? i : variants.size() - 1 - i;
        Variant variant = variants.get(v);
        long nanos = variant.run().nanos();
        double rate = events * 1e9 / nanos;
        OUT.printf(
            Locale.ROOT,
            "  %-7s %-9s  %-11s %-26s %,9.0f ev/s  %5.2f s%n",
            scenario,
            warmup ? "warm-up " + (round + 1) : "round " + (round - warmups + 1),
            variant.side(),
            variant.name(),
            rate,
            nanos / 1e9);
        if (!warmup) {
          rates[v][round - warmups] = rate;
        }
      }
    }
    return rates;
  }

  /** A baseline and a protoevents variant of one scenario, in events per second per round. */
  private record Comparison(
      String scenario,
      Variant baselineVariant,
      double[] baseline,
      Variant protoeventsVariant,
      double[] protoevents) {

    String label() {
      return scenario + "  " + baselineVariant.name() + " vs " + protoeventsVariant.name();
    }

    String format(int width) {
      double ratio = median(protoevents) / median(baseline);
      return String.format(
          Locale.ROOT,
          "%-"
              + width
              + "s  baseline %,9.0f ev/s [%,.0f .. %,.0f]  protoevents %,9.0f ev/s"
              + " [%,.0f .. %,.0f]  ratio %.2f",
          label(),
          median(baseline),
          min(baseline),
          max(baseline),
          median(protoevents),
          min(protoevents),
          max(protoevents),
          ratio);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private String freshTopic(String prefix) throws InterruptedException {
    String name = EmbeddedKafka.uniqueName("bench-" + prefix);
    createTopic(name);
    return name;
  }

  /** Creates the topic; the test kit returns once every partition is served by its leader. */
  private void createTopic(String name) {
    kafka.createTopic(name, PARTITIONS);
  }

  private static int positiveProperty(String name, int defaultValue) {
    String text = System.getProperty(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.trim().replace("_", ""));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, but was " + text);
  }

  /** A realistic order of about 200 bytes: three line items, an address, labels, a time stamp. */
  private static Order order(int n) {
    Instant created = Instant.parse("2026-11-28T10:15:30.123Z").plusSeconds(n);
    Order.Builder order =
        Order.newBuilder()
            .setId(String.format(Locale.ROOT, "order-%06d", n))
            .setCustomerId(String.format(Locale.ROOT, "customer-%05d", n % 997))
            .setStatus(Order.Status.STATUS_OPEN)
            .setShippingAddress(
                Address.newBuilder()
                    .setStreet("Hauptstrasse " + (1 + n % 200))
                    .setCity("Berlin")
                    .setPostalCode("10115")
                    .setCountryCode("DE"))
            .putLabels("channel", "web")
            .putLabels("campaign", "spring-sale")
            .setCreatedAt(
                Timestamp.newBuilder()
                    .setSeconds(created.getEpochSecond())
                    .setNanos(created.getNano()));
    long total = 0;
    for (int item = 0; item < 3; item++) {
      long cents = 499 + 1000L * item + n % 100;
      int quantity = 1 + (n + item) % 4;
      order.addItems(
          Order.LineItem.newBuilder()
              .setProductId(String.format(Locale.ROOT, "sku-%06d", (n * 7 + item) % 100_000))
              .setQuantity(quantity)
              .setUnitPrice(Prices.euros(cents)));
      total += cents * quantity;
    }
    return order.setTotal(Prices.euros(total)).build();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
