package dev.protoevents.examples.bench;

import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What every scenario shares: the broker, the sizes, the orders, where to print. */
final class Bench {
  static final int PARTITIONS = 3;

  /** Orders cycled through by publish and consume, so keys spread as real ids would. */
  static final int DISTINCT_ORDERS = 1024;

  static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  /** Receives a value derived from every handled event, so the JIT cannot drop the work. */
  private static volatile long sink;

  final PrintStream out;
  final EmbeddedKafka kafka;
  final int events;
  final int warmups;
  final int rounds;
  final Order[] orders;
  private final Future<?>[] sent;

  Bench(PrintStream out, EmbeddedKafka kafka, int events, int warmups, int rounds) {
    this.out = out;
    this.kafka = kafka;
    this.events = events;
    this.warmups = warmups;
    this.rounds = rounds;
    this.orders = new Order[DISTINCT_ORDERS];
    for (int i = 0; i < DISTINCT_ORDERS; i++) {
      orders[i] = Orders.order(i);
    }
    this.sent = new Future<?>[events];
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  Order order(int i) {
    return orders[i % DISTINCT_ORDERS];
  }

  /** Creates a topic with a unique name; returns once every partition has its leader. */
  String freshTopic(String prefix, int partitions) {
    String name = EmbeddedKafka.uniqueName("bench-" + prefix);
    kafka.createTopic(name, partitions);
    return name;
  }

  private boolean orderTopicCreated;

  /**
   * Creates the generated API's topic ({@code OrderTopic.NAME}, which the generated publisher and
   * emitter write to) the first time a scenario asks; publish and process both use it.
   */
  void createOrderTopic() {
    if (!orderTopicCreated) {
      kafka.createTopic(OrderTopic.NAME, PARTITIONS);
      orderTopicCreated = true;
    }
  }

  /** protoevents' producer settings: acks=all, idempotence on, other settings default. */
  Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /** A consumer in a fresh group that starts at the beginning. */
  Map<String, Object> consumerConfig(String groupPrefix, boolean autoCommit) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, EmbeddedKafka.uniqueName(groupPrefix));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /** Keeps the future of the {@code i}th send of a run, checked by {@link #checkAcknowledged}. */
  void sent(int i, Future<?> future) {
    sent[i] = future;
  }

  /** Fails the run if any of its {@link #events} sends failed; call outside the timed region. */
  void checkAcknowledged() throws Exception {
    for (int i = 0; i < events; i++) {
      sent[i].get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      sent[i] = null;
    }
  }

  static void sink(long value) {
    sink += value;
  }
}
