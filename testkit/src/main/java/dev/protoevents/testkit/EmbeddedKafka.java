package dev.protoevents.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside the current JVM: one combined broker and KRaft
 * controller, listening on a free localhost port, storing its logs in a temporary directory.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("orders", 3);
 *   producerConfig.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Starting a broker takes about two seconds, so JUnit tests normally share one through {@link
 * EmbeddedKafkaTest} instead of starting their own. Thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** How long {@link #createTopic} waits for the topic to have a leader on every partition. */
  private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Broker settings for a single node: internal topics cannot have more replicas than brokers (and
   * need no more than one partition, so the first transaction does not wait for 50 to be created),
   * and the first consumer of a group should not wait for others that will never come.
   */
  private static final Map<String, String> SINGLE_NODE_DEFAULTS =
      Map.of(
          "offsets.topic.replication.factor", "1",
          "offsets.topic.num.partitions", "1",
          "group.initial.rebalance.delay.ms", "0",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "transaction.state.log.num.partitions", "1",
          "share.coordinator.state.topic.replication.factor", "1",
          "share.coordinator.state.topic.min.isr", "1");

  private final KafkaClusterTestKit cluster;
  private final Path baseDirectory;
  private final String bootstrapServers;
  private final Admin admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path baseDirectory) {
    this.cluster = cluster;
    this.baseDirectory = baseDirectory;
    this.bootstrapServers = cluster.bootstrapServers();
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "protoevents-testkit-admin"));
  }

  /**
   * Starts a broker with the single-node defaults and blocks until it accepts clients.
   *
   * @throws IllegalStateException if the broker cannot be started
   */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker with extra broker settings (for example {@code log.retention.ms}); they
   * override the single-node defaults. Blocks until the broker accepts clients.
   *
   * @throws IllegalStateException if the broker cannot be started
   */
  public static EmbeddedKafka start(Map<String, String> brokerConfig) {
    Objects.requireNonNull(brokerConfig, "brokerConfig");
    Map<String, String> config = new HashMap<>(SINGLE_NODE_DEFAULTS);
    config.putAll(brokerConfig);
    Path baseDirectory;
    try {
      baseDirectory = Files.createTempDirectory("protoevents-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
    }
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(baseDirectory)
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      config.forEach(builder::setConfigProp);
      cluster = builder.build();
      KafkaClusterTestKit formatted = cluster;
      String formatterOutput =
          FormatterOutput.capture(
              () -> {
                formatted.format();
                return null;
              });
      LOG.debug("formatted the broker's storage: {}", formatterOutput.strip());
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, baseDirectory);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      IllegalStateException failure =
          new IllegalStateException("cannot start the embedded Kafka broker: " + e, e);
      if (cluster != null) {
        try {
          cluster.close();
        } catch (Exception closeFailure) {
          failure.addSuppressed(closeFailure);
        }
      }
      deleteQuietly(baseDirectory, failure);
      throw failure;
    }
  }

  /**
   * A name no other test in this JVM will use: {@code prefix} plus a random suffix. Tests share one
   * broker, so each should create its own topics and consumer groups.
   */
  public static String uniqueName(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The {@code bootstrap.servers} value for Kafka clients, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Reads the first {@code count} records of {@code topic} (all partitions, from the start) with a
   * plain consumer of its own, waiting up to {@code timeout} for them: the broker's view of what a
   * test published, as a {@code read_committed} consumer sees it (events of aborted transactions
   * never appear). Keys as UTF-8 strings, values as bytes.
   *
   * @throws AssertionError if fewer than {@code count} records arrive in time
   */
  public List<ConsumerRecord<String, byte[]>> readRecords(
      String topic, int count, Duration timeout) {
    Objects.requireNonNull(topic, "topic");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                uniqueName("testkit-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      Await.until(
          timeout,
          count + " records on " + topic,
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size() >= count;
          });
    }
    return records;
  }

  /**
   * Creates a topic with {@code partitions} partitions and waits until every partition has a
   * leader, so clients can use it right away.
   *
   * @throws IllegalStateException if the topic already exists (tests sharing the broker must use
   *     unique topic names, see {@link #uniqueName}) or is not ready in time
   */
  public void createTopic(String name, int partitions) {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of topic " + name + " must be >= 1 but was " + partitions);
    }
    requireOpen();
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      awaitLeaders(name, partitions);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        throw new IllegalStateException(
            "topic "
                + name
                + " already exists on the embedded broker; tests sharing a broker"
                + " must use unique topic names (see EmbeddedKafka.uniqueName)",
            e.getCause());
      }
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topic " + name + " was not created within " + TOPIC_READY_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  /**
   * The broker has created the topic, but its partitions may not be served yet: a producer that
   * writes at once can see NOT_LEADER_OR_FOLLOWER on its first batch and, being idempotent, then
   * fail it with OUT_OF_ORDER_SEQUENCE_NUMBER. The topic is ready when every partition's leader
   * answers an offset request.
   */
  private void awaitLeaders(String name, int partitions)
      throws InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      latest.put(new TopicPartition(name, partition), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException(
              "cannot read offsets of topic " + name + ": " + e.getCause(), e);
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("topic " + name + " is not served on every partition");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * Stops the broker and deletes its data directory. Leaves no threads behind that would keep the
   * JVM alive. Idempotent.
   *
   * @throws IllegalStateException if the broker did not shut down cleanly
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    IllegalStateException failure = null;
    try {
      admin.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      failure = new IllegalStateException("cannot close the embedded broker's admin client", e);
    }
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      IllegalStateException closeFailure =
          new IllegalStateException("the embedded Kafka broker did not shut down cleanly", e);
      if (failure == null) {
        failure = closeFailure;
      } else {
        failure.addSuppressed(closeFailure);
      }
    }
    // The test kit deletes its directory only after a clean shutdown; make sure in every case.
    IllegalStateException deleteFailure = new IllegalStateException("cannot delete temp files");
    deleteQuietly(baseDirectory, deleteFailure);
    if (deleteFailure.getSuppressed().length > 0) {
      if (failure == null) {
        failure = deleteFailure;
      } else {
        failure.addSuppressed(deleteFailure);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Directory holding the broker's logs and metadata; deleted by {@link #close()}. */
  Path baseDirectory() {
    return baseDirectory;
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the embedded Kafka broker is closed");
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + (closed.get() ? ", closed]" : "]");
  }

  private static void deleteQuietly(Path directory, Exception collector) {
    if (!Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      collector.addSuppressed(e);
    }
  }
}
