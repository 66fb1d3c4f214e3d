package dev.protoevents.runtime;

import dev.protoevents.runtime.internal.ClientProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves dead letters back to the topics they came from, once the cause is fixed (a new consumer
 * release, a repaired downstream service). Each dead letter is written to its {@link
 * DeadLetterHeaders#ORIGINAL_TOPIC} with its original key, value and headers (the dead-letter
 * headers removed), so subscriptions receive it again as a new record.
 *
 * <pre>{@code
 * DeadLetters.Republished moved = DeadLetters.republish(
 *     Map.of("bootstrap.servers", servers), "io.restorecommerce.order.resource.dlq",
 *     Duration.ofMinutes(1));
 * log.info("re-published {} dead letters", moved.records());
 * }</pre>
 *
 * <p>Progress is kept as the committed offsets of the consumer group {@code
 * protoevents-republish-<dead-letter topic>}: a second call moves only dead letters written since
 * the first. The dead-letter topic itself is left as it is.
 */
public final class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private DeadLetters() {}

  /**
   * What one {@link #republish} moved.
   *
   * @param records dead letters written back to their original topics and acknowledged
   * @param byTopic {@code records} by original topic
   * @param skipped records of the dead-letter topic without an {@link
   *     DeadLetterHeaders#ORIGINAL_TOPIC} header (not written by protoevents), left alone
   */
  public record Republished(long records, Map<String, Long> byTopic, long skipped) {
    /** Copies {@code byTopic}. */
    public Republished {
      byTopic = Map.copyOf(byTopic);
    }
  }

  /**
   * Re-publishes every dead letter of {@code deadLetterTopic} written before this call and not yet
   * re-published, through an idempotent {@code acks=all} producer; commits its progress only after
   * every write was acknowledged.
   *
   * @param kafkaConfig Kafka client properties ({@code bootstrap.servers} required; a {@code
   *     group.id} is ignored); protoevents settings are allowed and ignored
   * @throws IllegalArgumentException if the dead-letter topic does not exist
   * @throws TimeoutException if the dead letters could not be moved within {@code timeout}; nothing
   *     of this call is then committed, and a new call re-publishes them (the topics may then hold
   *     some of them twice, with the same event ids)
   */
  public static Republished republish(
      Map<String, ?> kafkaConfig, String deadLetterTopic, Duration timeout) {
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(timeout, "timeout");
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
    long deadline = System.nanoTime() + timeout.toNanos();
    String group = "protoevents-republish-" + deadLetterTopic;

    Map<String, Object> consumerProperties =
        ClientProperties.only(properties, ConsumerConfig.configNames());
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProperties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> producerProperties =
        ClientProperties.only(properties, ProducerConfig.configNames());
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
      List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic, remaining(deadline));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "dead-letter topic " + deadLetterTopic + " does not exist");
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
      Set<TopicPartition> open = new HashSet<>(partitions);
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
      Map<String, Long> byTopic = new TreeMap<>();
      long skipped = 0;
      while (true) {
        open.removeIf(
            partition -> consumer.position(partition, remaining(deadline)) >= end.get(partition));
        if (open.isEmpty()) {
          break;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new TimeoutException(
              "could not read " + deadLetterTopic + " up to " + end + " within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= end.get(partition)) {
            continue; // written after this call started: the next call's
          }
          progress.put(partition, new OffsetAndMetadata(record.offset() + 1));
          Header origin = record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC);
          if (origin == null) {
            skipped++;
            log.warn(
                "{}-{}@{} has no {} header; left alone",
                record.topic(),
                record.partition(),
                record.offset(),
                DeadLetterHeaders.ORIGINAL_TOPIC);
            continue;
          }
          String topic = new String(origin.value(), StandardCharsets.UTF_8);
          RecordHeaders headers = new RecordHeaders();
          for (Header header : record.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
              headers.add(header);
            }
          }
          sent.add(
              producer.send(
                  new ProducerRecord<>(topic, null, record.key(), record.value(), headers)));
          byTopic.merge(topic, 1L, Long::sum);
        }
      }
      producer.flush();
      for (Future<RecordMetadata> future : sent) {
        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      if (!progress.isEmpty()) {
        consumer.commitSync(progress, remaining(deadline));
      }
      long records = byTopic.values().stream().mapToLong(Long::longValue).sum();
      log.info("re-published {} dead letters of {}: {}", records, deadLetterTopic, byTopic);
      return new Republished(records, byTopic, skipped);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException(
          "dead letters of " + deadLetterTopic + " not acknowledged within " + timeout, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new org.apache.kafka.common.KafkaException(
          "could not re-publish the dead letters of " + deadLetterTopic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }
}
