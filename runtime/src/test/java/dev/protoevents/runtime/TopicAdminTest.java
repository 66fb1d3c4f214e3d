package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
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

  /** Creates {@code topic} behind protoevents' back, as an operator or an older release did. */
  private static void createDirectly(
      Admin admin, String topic, int partitions, Map<String, String> configs) throws Exception {
    admin
        .createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
        .all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static TopicSpec declared(String topic) {
    return TopicSpec.of(topic, 3)
        .withConfig("cleanup.policy", "delete")
        .withConfig("retention.ms", "3600000");
  }

  @Test
  void existingTopicWithOtherPartitionsRetentionAndCleanupPolicyIsReportedWithEachDifference(
      EmbeddedKafka kafka) throws Exception {
    // Given a topic created with 1 partition, 1 s retention and compaction, declared otherwise
    String topic = EmbeddedKafka.uniqueName("orders");
    try (TopicAdmin topics = TopicAdmin.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      createDirectly(admin, topic, 1, Map.of("retention.ms", "1000", "cleanup.policy", "compact"));

      // When drift is checked, and when the topic is "created" in the default (warn) mode
      TopicDrift drift = topics.checkDrift(List.of(declared(topic)));
      topics.createMissing(List.of(declared(topic)));

      // Then each difference is reported, and the warning mode leaves the topic as it is
      assertEquals(
          List.of(
              new TopicDrift.Difference(topic, "cleanup.policy", "delete", "compact"),
              new TopicDrift.Difference(topic, "partitions", "3", "1"),
              new TopicDrift.Difference(topic, "retention.ms", "3600000", "1000")),
          drift.differences());
      assertEquals(List.of(topic), drift.topics());
      assertEquals(1, describe(admin, topic).partitions().size());
    }
  }

  @Test
  void topicsMatchingTheirSpecReportNothing(EmbeddedKafka kafka) throws Exception {
    String created = EmbeddedKafka.uniqueName("orders");
    String compacted = EmbeddedKafka.uniqueName("customers");
    String absent = EmbeddedKafka.uniqueName("carts");
    try (TopicAdmin topics = TopicAdmin.create(Fixtures.clientConfig(kafka));
        Admin admin = Fixtures.admin(kafka)) {
      topics.createMissing(List.of(declared(created)));
      createDirectly(admin, compacted, 2, Map.of("cleanup.policy", "compact,delete"));

      TopicDrift drift =
          topics.checkDrift(
              List.of(
                  declared(created).withReplicationFactor(1),
                  TopicSpec.of(compacted, 2).withConfig("cleanup.policy", "delete, compact"),
                  TopicSpec.of(absent, 1)));

      assertTrue(drift.isEmpty(), drift.toString());
    }
  }

  @Test
  void failingModeThrowsNamingEveryDifferentTopicAfterCreatingTheMissingOnes(EmbeddedKafka kafka)
      throws Exception {
    String drifted = EmbeddedKafka.uniqueName("orders");
    String missing = EmbeddedKafka.uniqueName("carts");
    Map<String, Object> config = new HashMap<>(Fixtures.clientConfig(kafka));
    config.put(ProtoeventsConfig.TOPIC_DRIFT, "fail");
    try (TopicAdmin topics = TopicAdmin.create(config);
        Admin admin = Fixtures.admin(kafka)) {
      createDirectly(admin, drifted, 1, Map.of("retention.ms", "1000"));

      TopicDriftException e =
          assertThrows(
              TopicDriftException.class,
              () -> topics.createMissing(List.of(declared(drifted), TopicSpec.of(missing, 2))));

      assertEquals(List.of(drifted), e.drift().topics());
      assertTrue(
          e.getMessage().contains("topic " + drifted + ": partitions is 1, declared 3"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("topic " + drifted + ": retention.ms is 1000, declared 3600000"),
          e.getMessage());
      assertTrue(e.getMessage().contains(ProtoeventsConfig.TOPIC_DRIFT + "=warn"), e.getMessage());
      assertEquals(2, describe(admin, missing).partitions().size());
    }
  }

  @Test
  void unknownDriftModeIsRejectedNamingTheKey(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>(Fixtures.clientConfig(kafka));
    config.put(ProtoeventsConfig.TOPIC_DRIFT, "ignore");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicAdmin.create(config));

    assertEquals(
        "protoevents.topic.drift must be 'warn' or 'fail', but was 'ignore'", e.getMessage());
  }
}
