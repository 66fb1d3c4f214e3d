package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Type;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * README: "{@code EventPublisher}: one idempotent producer ({@code acks=all}) per service; plain
 * Kafka properties pass through." Each claim is observed from outside the publisher: on the broker,
 * through Kafka's public metrics, or by its effect on a send.
 */
@EmbeddedKafkaTest
class PublisherClaimsTest {

  private static RecordMetadata publish(EventPublisher publisher, String topic, String key)
      throws Exception {
    return publisher
        .publish(OutgoingEvent.of(topic, key, "TypeCreated", Fixtures.type(key)))
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static List<ProducerState> activeProducers(Admin admin, TopicPartition partition)
      throws Exception {
    return admin
        .describeProducers(List.of(partition))
        .partitionResult(partition)
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .activeProducers();
  }

  @Test
  void brokerSeesAnIdempotentProducer(EmbeddedKafka kafka) throws Exception {
    // Given a topic, and as a control a plain producer without idempotence on another topic
    String topic = EmbeddedKafka.uniqueName("idempotent");
    String control = EmbeddedKafka.uniqueName("not-idempotent");
    kafka.createTopic(topic, 1);
    kafka.createTopic(control, 1);
    try (KafkaProducer<String, byte[]> plain =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
      plain.send(new ProducerRecord<>(control, "k", new byte[] {1})).get();
    }

    // When an EventPublisher created with nothing but bootstrap.servers publishes an event
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      publish(publisher, topic, "type-1");

      // Then the broker keeps producer state for it: a producer id, which Kafka only assigns to
      // idempotent (or transactional) producers; and Kafka runs a producer idempotent only with
      // acks=all (it refuses enable.idempotence=true with any other acks, and turns an implicit
      // idempotence off), so this also shows acks=all
      List<ProducerState> producers = activeProducers(admin, new TopicPartition(topic, 0));
      assertEquals(1, producers.size(), producers::toString);
      assertTrue(producers.get(0).producerId() >= 0, producers::toString);
      assertEquals(0, producers.get(0).lastSequence(), "first batch of an idempotent producer");
      // and the same probe sees no producer id where idempotence is off
      assertEquals(List.of(), activeProducers(admin, new TopicPartition(control, 0)));
    }
  }

  @Test
  void aWeakerAcksPassesThroughAndTurnsIdempotenceOff(EmbeddedKafka kafka) throws Exception {
    // Given a publisher whose properties ask for acks=1, a plain Kafka property
    String topic = EmbeddedKafka.uniqueName("acks-1");
    kafka.createTopic(topic, 1);
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "1");

    // When it publishes
    try (EventPublisher publisher = EventPublisher.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      publish(publisher, topic, "type-1");

      // Then the event arrives, but the broker keeps no producer id for it: the user's acks
      // reached the producer, and protoevents did not force idempotence onto it (Kafka would
      // refuse enable.idempotence=true with acks=1), as EventPublisher.create documents
      assertEquals(1, Fixtures.readAll(kafka, topic, 1).size());
      assertEquals(List.of(), activeProducers(admin, new TopicPartition(topic, 0)));
    }
  }

  @Test
  void plainKafkaPropertiesReachTheProducer(EmbeddedKafka kafka) throws Exception {
    // Given a publisher with a client id and a tiny max.request.size, both plain Kafka properties
    String topic = EmbeddedKafka.uniqueName("pass-through");
    kafka.createTopic(topic, 1);
    String clientId = EmbeddedKafka.uniqueName("claims-publisher");
    Map<String, Object> config = Fixtures.clientConfig(kafka);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1000);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      // Then Kafka registered the producer's metrics under that client id
      ObjectName metrics =
          new ObjectName("kafka.producer:type=producer-metrics,client-id=" + clientId);
      assertTrue(
          ManagementFactory.getPlatformMBeanServer().isRegistered(metrics),
          () -> "no producer metrics for client.id " + clientId);

      // and a small event goes out while one over 1000 bytes is refused by the producer itself
      publish(publisher, topic, "small");
      Type large = Type.newBuilder().setName("x".repeat(2000)).build();
      CompletableFuture<RecordMetadata> sent =
          publisher.publish(OutgoingEvent.of(topic, "large", "TypeCreated", large));
      Await.until(TIMEOUT, "the large publish to fail", sent::isDone);
      CompletionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, sent::join);
      assertInstanceOf(RecordTooLargeException.class, failure.getCause());
    }
  }

  @Test
  void plainKafkaPropertiesReachTheSubscriptionsConsumer(EmbeddedKafka kafka) throws Exception {
    // Given a subscriber whose properties name a client id
    String topic = EmbeddedKafka.uniqueName("consumer-pass-through");
    kafka.createTopic(topic, 1);
    String group = EmbeddedKafka.uniqueName("claims-group");
    String clientId = EmbeddedKafka.uniqueName("claims-consumer");
    Map<String, Object> config = Fixtures.subscriberConfig(kafka, group);
    config.put("client.id", clientId);
    try (EventSubscriber subscriber = EventSubscriber.create(config);
        Subscription subscription = subscriber.subscribe(topic, Fixtures.DECODER, event -> {});
        Admin admin = Fixtures.admin(kafka)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partitions assigned");

      // Then the broker lists the group's member under that client id
      ConsumerGroupDescription description =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(
          List.of(clientId),
          description.members().stream().map(MemberDescription::clientId).toList());
    }
  }
}
