package dev.protoevents.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedKafkaTest
class EmbeddedKafkaExtensionTest {

  private static EmbeddedKafka fromBeforeAll;
  private final EmbeddedKafka fromConstructor;

  EmbeddedKafkaExtensionTest(EmbeddedKafka kafka) {
    this.fromConstructor = kafka;
  }

  @BeforeAll
  static void rememberBroker(EmbeddedKafka kafka) {
    fromBeforeAll = kafka;
  }

  @Test
  void constructorBeforeAllAndMethodReceiveTheSameSharedBroker(EmbeddedKafka kafka) {
    assertSame(fromBeforeAll, kafka);
    assertSame(fromConstructor, kafka);
  }

  @Test
  void producedRecordIsConsumedFromCreatedTopic(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("testkit-roundtrip");
    kafka.createTopic(topic, 2);

    RecordMetadata written;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      written =
          producer
              .send(new ProducerRecord<>(topic, "order-1", "created"))
              .get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                EmbeddedKafka.uniqueName("testkit-group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      Await.until(
          Duration.ofSeconds(30),
          "the produced record to be consumed",
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            return !received.isEmpty();
          });
    }

    assertEquals(1, received.size());
    ConsumerRecord<String, String> record = received.get(0);
    assertEquals("order-1", record.key());
    assertEquals("created", record.value());
    assertEquals(written.partition(), record.partition());
    assertEquals(written.offset(), record.offset());
  }

  @Test
  void creatingAnExistingTopicFailsWithAHintAboutUniqueNames(EmbeddedKafka kafka) {
    String topic = EmbeddedKafka.uniqueName("testkit-twice");
    kafka.createTopic(topic, 1);

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> kafka.createTopic(topic, 1));

    assertTrue(failure.getMessage().contains("unique topic names"), failure.getMessage());
  }
}
