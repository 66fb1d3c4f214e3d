package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@EmbeddedKafkaTest
class TopicAdminTest {

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(Set.of(topic))
        .allTopicNames()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .get(topic);
  }

  @Test
  void missingTopicsAreCreatedWithDeclaredPartitionsAndSettings(EmbeddedKafka kafka)
      throws Exception {
    String orders = EmbeddedKafka.uniqueName("orders");
    String carts = EmbeddedKafka.uniqueName("carts");
    List<TopicSpec> specs =
        List.of(
            TopicSpec.of(orders, 3).withReplicationFactor(1).withConfig("retention.ms", "3600000"),
            TopicSpec.of(carts, 1));

    try (TopicAdmin topics = TopicAdmin.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      topics.createMissing(specs);

      assertEquals(3, describe(admin, orders).partitions().size());
      assertEquals(1, describe(admin, carts).partitions().size());
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, orders);
      Config config =
          admin
              .describeConfigs(Set.of(resource))
              .all()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      assertEquals("3600000", config.get("retention.ms").value());
    }
  }

  @Test
  void existingTopicIsLeftAsItIs(EmbeddedKafka kafka) throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 1);

    try (TopicAdmin topics = TopicAdmin.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      topics.createMissing(List.of(TopicSpec.of(topic, 4)));

      assertEquals(1, describe(admin, topic).partitions().size());
    }
  }

  @Test
  void concurrentCreationOfTheSameTopicsSucceedsForBoth(EmbeddedKafka kafka) throws Exception {
    List<TopicSpec> specs =
        List.of(
            TopicSpec.of(EmbeddedKafka.uniqueName("a"), 2),
            TopicSpec.of(EmbeddedKafka.uniqueName("b"), 2));

    try (TopicAdmin first = TopicAdmin.create(Fixtures.clientConfig(kafka));
        TopicAdmin second = TopicAdmin.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      CompletableFuture<Void> one = CompletableFuture.runAsync(() -> first.createMissing(specs));
      CompletableFuture<Void> two = CompletableFuture.runAsync(() -> second.createMissing(specs));
      CompletableFuture.allOf(one, two).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      for (TopicSpec spec : specs) {
        assertEquals(2, describe(admin, spec.name()).partitions().size());
      }
    }
  }
}
