package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.DeadLetterHeaders;
import dev.protoevents.runtime.metrics.internal.Metrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes undeliverable records to dead-letter topics: the original key, value and headers
 * unchanged, plus headers saying why and where from ({@link DeadLetterHeaders}). One idempotent
 * {@code acks=all} producer per subscriber, created on first use; a missing dead-letter topic is
 * created with the source topic's partition count, and a record keeps its partition number when the
 * dead-letter topic has that partition. {@link #write} returns only once the broker has
 * acknowledged the dead letter, so the caller may then commit past the record. Thread-safe.
 */
public final class DeadLetterWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

  private static final int STACK_TRACE_LIMIT = 4096;

  private final Map<String, Object> clientProperties;
  private final Metrics metrics;
  private AutoCloseable producerMetrics; // guarded by lock
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private Producer<String, byte[]> producer; // guarded by lock
  private Admin admin; // guarded by lock
  private boolean closed; // guarded by lock

  /** A writer whose clients use the Kafka settings among {@code properties}. */
  public DeadLetterWriter(Map<String, Object> properties) {
    this(properties, Metrics.NOOP);
  }

  /** Like {@link #DeadLetterWriter(Map)}, binding its producer's own metrics to {@code metrics}. */
  public DeadLetterWriter(Map<String, Object> properties, Metrics metrics) {
    this.clientProperties = Map.copyOf(properties);
    this.metrics = metrics;
  }

  /**
   * Writes {@code record} to {@code deadLetterTopic} and waits for the acknowledgement.
   *
   * @param reason {@code undecodable} or {@code listener-failed}
   * @param attempts how many times the listener was given the record
   * @throws Exception if the topic cannot be created or the write is not acknowledged within {@code
   *     timeout}; the record is then not a dead letter (or one whose fate is unknown) and must not
   *     be committed
   */
  public void write(
      ConsumerRecord<String, byte[]> record,
      String deadLetterTopic,
      String group,
      String reason,
      int attempts,
      Throwable cause,
      Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    ProducerRecord<String, byte[]> deadLetter =
        deadLetter(record, deadLetterTopic, group, reason, attempts, cause, timeout);
    long remaining = Math.max(1, deadline - System.nanoTime());
    producer().send(deadLetter).get(remaining, TimeUnit.NANOSECONDS);
  }

  /**
   * The dead letter of {@code record}, for a caller that sends it with a producer of its own (a
   * processor sends it in the transaction that commits past the record); creates the dead-letter
   * topic if it is missing.
   *
   * @throws Exception if the topic cannot be looked up or created within {@code timeout}
   */
  public ProducerRecord<String, byte[]> deadLetter(
      ConsumerRecord<String, byte[]> record,
      String deadLetterTopic,
      String group,
      String reason,
      int attempts,
      Throwable cause,
      Duration timeout)
      throws Exception {
    int partitions = ensureTopic(record.topic(), deadLetterTopic, timeout);
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      headers.add(header);
    }
    headers.add(DeadLetterHeaders.REASON, utf8(reason));
    headers.add(DeadLetterHeaders.CAUSE_CLASS, utf8(cause.getClass().getName()));
    headers.add(
        DeadLetterHeaders.CAUSE_MESSAGE, utf8(Optional.ofNullable(cause.getMessage()).orElse("")));
    headers.add(DeadLetterHeaders.STACK_TRACE, utf8(stackExcerpt(cause)));
    headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(record.topic()));
    headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
    headers.add(DeadLetterHeaders.ORIGINAL_TIMESTAMP, utf8(Long.toString(record.timestamp())));
    headers.add(DeadLetterHeaders.GROUP, utf8(group));
    headers.add(DeadLetterHeaders.ATTEMPTS, utf8(Integer.toString(attempts)));
    Integer partition = record.partition() < partitions ? record.partition() : null;
    return new ProducerRecord<>(
        deadLetterTopic, partition, null, record.key(), record.value(), headers);
  }

  /** Partition count of the dead-letter topic, which is created if missing. */
  private int ensureTopic(String sourceTopic, String deadLetterTopic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Integer known = partitionCounts.get(deadLetterTopic);
    if (known != null) {
      return known;
    }
    Admin admin = admin();
    long millis = timeout.toMillis();
    Optional<Integer> existing = partitionCount(admin, deadLetterTopic, millis);
    if (existing.isEmpty()) {
      int partitions =
          partitionCount(admin, sourceTopic, millis)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "source topic " + sourceTopic + " of a dead letter does not exist"));
      try {
        admin
            .createTopics(
                List.of(new NewTopic(deadLetterTopic, Optional.of(partitions), Optional.empty())))
            .all()
            .get(millis, TimeUnit.MILLISECONDS);
        log.info(
            "created dead-letter topic {} with {} partitions, as {} has",
            deadLetterTopic,
            partitions,
            sourceTopic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      existing = Optional.of(partitions);
    }
    partitionCounts.put(deadLetterTopic, existing.get());
    return existing.get();
  }

  private static Optional<Integer> partitionCount(Admin admin, String topic, long millis)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(millis, TimeUnit.MILLISECONDS)
              .get(topic);
      return Optional.of(description.partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Producer<String, byte[]> producer() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the subscriber is closed; its dead-letter writer too");
      }
      if (producer == null) {
        Map<String, Object> properties =
            ClientProperties.only(clientProperties, ProducerConfig.configNames());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One record at a time, each awaited: waiting for a batch to fill would only add delay.
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.compute(
            ProducerConfig.CLIENT_ID_CONFIG,
            (key, id) -> (id == null ? "protoevents" : id) + "-dead-letters");
        producer = new KafkaProducer<>(properties);
        producerMetrics = metrics.bindClient(producer);
      }
      return producer;
    }
  }

  private Admin admin() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the subscriber is closed; its dead-letter writer too");
      }
      if (admin == null) {
        Map<String, Object> properties =
            ClientProperties.only(clientProperties, AdminClientConfig.configNames());
        properties.compute(
            AdminClientConfig.CLIENT_ID_CONFIG,
            (key, id) -> (id == null ? "protoevents" : id) + "-dead-letter-admin");
        admin = Admin.create(properties);
      }
      return admin;
    }
  }

  /** The first lines of {@code cause}'s stack trace, cut at about 4 KB. */
  static String stackExcerpt(Throwable cause) {
    StringWriter text = new StringWriter();
    cause.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= STACK_TRACE_LIMIT ? trace : trace.substring(0, STACK_TRACE_LIMIT);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Closes the producer and admin client, waiting at most {@code timeout} for each. Idempotent. */
  public void close(Duration timeout) {
    synchronized (lock) {
      closed = true;
      if (producer != null) {
        try {
          producerMetrics.close();
        } catch (Exception e) {
          log.warn("could not remove the dead-letter producer's metrics", e);
        }
        producer.close(timeout);
        producer = null;
      }
      if (admin != null) {
        admin.close(timeout);
        admin = null;
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
