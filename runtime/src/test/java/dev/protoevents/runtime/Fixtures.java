package dev.protoevents.runtime;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Type;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared helpers of the runtime tests; the payloads are well-known protobuf types. */
final class Fixtures {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A decoded test event: metadata plus the {@link Type} payload. */
  record Received(EventMetadata metadata, Type payload, Optional<FieldMask> fieldMask) {
    String name() {
      return payload.getName();
    }
  }

  static final EventDecoder<Received> DECODER =
      event -> new Received(event.metadata(), event.parse(Type.parser()), event.fieldMask());

  private Fixtures() {}

  static Type type(String name) {
    return Type.newBuilder().setName(name).build();
  }

  static Map<String, Object> clientConfig(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    return config;
  }

  /** Subscriber settings with fast retries, so failure tests stay quick. */
  static Map<String, Object> subscriberConfig(EmbeddedKafka kafka, String group) {
    Map<String, Object> config = clientConfig(kafka);
    config.put("group.id", group);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MS, 10);
    config.put(ProtoeventsConfig.RETRY_BACKOFF_MAX_MS, 50);
    return config;
  }

  static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** The group's committed offsets by partition (partitions without a commit are absent). */
  static Map<Integer, Long> committed(Admin admin, String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return offsets.entrySet().stream()
          .filter(entry -> entry.getValue() != null)
          .collect(
              Collectors.toMap(
                  entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read committed offsets of " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void awaitCommitted(Admin admin, String group, Map<Integer, Long> expected) {
    Await.until(
        TIMEOUT,
        "group " + group + " to commit " + expected,
        () -> committed(admin, group).equals(expected));
  }

  /** The members of {@code group} as the broker describes them (none if the group is unknown). */
  static List<MemberDescription> members(Admin admin, String group) {
    try {
      ConsumerGroupDescription description =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return List.copyOf(description.members());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw new IllegalStateException("cannot describe group " + group, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the broker says {@code group} has no members. */
  static void awaitNoMembers(Admin admin, String group) {
    Await.until(
        TIMEOUT, "group " + group + " to have no members", () -> members(admin, group).isEmpty());
  }

  /** A raw producer of the test broker, for records protoevents would never write. */
  static KafkaProducer<String, byte[]> rawProducer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.LINGER_MS_CONFIG,
            5));
  }

  /** The value of header {@code name} of {@code record} as UTF-8 text, or null. */
  static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Reads exactly {@code count} records from every partition of {@code topic}, from the start. */
  static List<ConsumerRecord<String, byte[]>> readAll(
      EmbeddedKafka kafka, String topic, int count) {
    return kafka.readRecords(topic, count, TIMEOUT);
  }
}
