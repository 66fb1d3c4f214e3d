package dev.protoevents.runtime.envelope;

import dev.protoevents.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients producer and consumer, so the envelopes are tested without our clients. */
final class RawKafka {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private RawKafka() {}

  /** Sends {@code records} and waits until the broker has acknowledged every one. */
  static void send(EmbeddedKafka kafka, List<ProducerRecord<String, byte[]>> records)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
      for (ProducerRecord<String, byte[]> record : records) {
        producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Reads exactly {@code count} records of {@code topic} from the start. */
  static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic, int count) {
    return kafka.readRecords(topic, count, TIMEOUT);
  }
}
