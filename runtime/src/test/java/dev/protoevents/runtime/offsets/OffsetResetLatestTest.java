package dev.protoevents.runtime.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * README: {@code ConsumerGroupOffsets.reset(group, topics, OffsetReset.latest())} moves an idle
 * group to the end of the log, so it skips the history and receives only what comes after.
 */
@EmbeddedKafkaTest
class OffsetResetLatestTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            // fail rather than guess if the reset left no committed offset
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "none",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class));
  }

  @Test
  void resetToLatestMakesTheGroupSkipTheHistory(EmbeddedKafka kafka) throws Exception {
    // Given a topic with five records and an idle group that committed offset 0
    String topic = EmbeddedKafka.uniqueName("latest");
    String group = EmbeddedKafka.uniqueName("latest-group");
    TopicPartition partition = new TopicPartition(topic, 0);
    kafka.createTopic(topic, 1);
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        ConsumerGroupOffsets groups =
            ConsumerGroupOffsets.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "old-" + i)).get(30, TimeUnit.SECONDS);
      }
      try (KafkaConsumer<String, String> first = consumer(kafka, group)) {
        first.assign(List.of(partition));
        first.commitSync(Map.of(partition, new OffsetAndMetadata(0)));
      }

      // When the group is reset to latest
      List<OffsetMove> moves = groups.reset(group, List.of(topic), OffsetReset.latest());

      // Then it moved from 0 to the end (5), and a new member receives only a newer record
      assertEquals(List.of(new OffsetMove(partition, OptionalLong.of(0), 5)), moves);
      producer.send(new ProducerRecord<>(topic, "k", "new")).get(30, TimeUnit.SECONDS);
      try (KafkaConsumer<String, String> next = consumer(kafka, group)) {
        next.assign(List.of(partition));
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        Await.until(
            TIMEOUT,
            "a record after the reset",
            () -> {
              next.poll(Duration.ofMillis(50)).forEach(received::add);
              return !received.isEmpty();
            });
        assertEquals("new", received.get(0).value());
        assertEquals(5, received.get(0).offset());
      }
    }
  }
}
