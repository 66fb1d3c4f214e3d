package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.FieldMask;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Type;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The CloudEvents envelope against the CloudEvents Java SDK's own Kafka binding: each reads what
 * the other wrote, attribute by attribute.
 */
@EmbeddedKafkaTest
class CloudEventsSdkInteropTest {

  @Test
  void sdkReadsWhatProtoeventsWrote(EmbeddedKafka kafka) throws Exception {
    // Given a patched event written by protoevents' CloudEvents envelope
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    Type order =
        Type.newBuilder()
            .setName("order-7")
            .setSourceContext(SourceContext.newBuilder().setFileName("a.proto"))
            .build();
    OutgoingEvent event =
        OutgoingEvent.of(topic, "order-7", "OrderPatched", order)
            .withFieldMask(FieldMask.newBuilder().addPaths("source_context").build());
    ProducerRecord<String, byte[]> written = Envelope.cloudEvents("/shop/orders").write(event);
    RawKafka.send(kafka, List.of(written));

    // When the SDK's deserializer reads it
    ConsumerRecord<String, CloudEvent> record = readWithSdk(kafka, topic);

    // Then every attribute is where CloudEvents puts it
    CloudEvent cloudEvent = record.value();
    assertEquals(SpecVersion.V1, cloudEvent.getSpecVersion());
    assertEquals(
        new String(written.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8),
        cloudEvent.getId());
    assertEquals(URI.create("/shop/orders"), cloudEvent.getSource());
    assertEquals("google.protobuf.OrderPatched", cloudEvent.getType());
    assertEquals(Instant.ofEpochMilli(written.timestamp()), cloudEvent.getTime().toInstant());
    assertEquals("order-7", cloudEvent.getSubject());
    assertEquals("application/protobuf", cloudEvent.getDataContentType());
    assertEquals("source_context", cloudEvent.getExtension("fieldmask"));
    assertNotNull(cloudEvent.getData());
    assertEquals(order, Type.parseFrom(cloudEvent.getData().toBytes()));
    assertEquals("order-7", record.key());
  }

  @Test
  void protoeventsReadsWhatTheSdkWrote(EmbeddedKafka kafka) throws Exception {
    // Given an event written by the SDK's serializer (binary mode, its default)
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);
    Type order = Type.newBuilder().setName("order-9").build();
    OffsetDateTime time = OffsetDateTime.parse("2026-11-28T11:15:30.123456+01:00");
    CloudEvent cloudEvent =
        CloudEventBuilder.v1()
            .withId("sdk-event-1")
            .withSource(URI.create("urn:legacy:orders"))
            .withType("com.example.orders.OrderPatched")
            .withTime(time)
            .withSubject("order-9")
            .withDataContentType("application/protobuf")
            .withData(order.toByteArray())
            .withExtension("fieldmask", "name")
            .build();
    try (KafkaProducer<String, CloudEvent> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                CloudEventSerializer.class))) {
      producer
          .send(new ProducerRecord<>(topic, "order-9", cloudEvent))
          .get(RawKafka.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // When protoevents reads it
    ConsumerRecord<String, byte[]> record = RawKafka.read(kafka, topic, 1).get(0);
    Envelope reader = Envelope.anyOf(Envelope.lean(), Envelope.cloudEvents());
    IncomingEvent incoming = reader.read(record);

    // Then type, id, time to the microsecond, key, mask and payload are intact
    assertEquals("OrderPatched", incoming.metadata().eventType());
    assertEquals("sdk-event-1", incoming.metadata().eventId());
    assertEquals(time.toInstant(), incoming.metadata().occurredAt());
    assertEquals("order-9", incoming.metadata().key());
    assertEquals(
        Optional.of(FieldMask.newBuilder().addPaths("name").build()), incoming.fieldMask());
    assertEquals(order, incoming.parse(Type.parser()));
  }

  private static ConsumerRecord<String, CloudEvent> readWithSdk(EmbeddedKafka kafka, String topic) {
    List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                EmbeddedKafka.uniqueName("sdk-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                CloudEventDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      Await.until(
          RawKafka.TIMEOUT,
          "the SDK to read a record of " + topic,
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return !records.isEmpty();
          });
    }
    return records.get(0);
  }
}
