package dev.protoevents.runtime.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedKafkaTest
class ConsumerGroupOffsetsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int PARTITIONS = 3;
  private static final int RECORDS = 10;

  /** Record timestamps: base + i seconds; an hour ago, so well inside the broker's retention. */
  private static final Instant BASE =
      Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static KafkaProducer<String, byte[]> producer;
  private static ConsumerGroupOffsets groups;

  @BeforeAll
  static void createClients(EmbeddedKafka broker) {
    kafka = broker;
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    // protoevents settings in the map are ignored, so a service can pass its one config map
    groups =
        ConsumerGroupOffsets.create(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "protoevents.retry.max.attempts",
                3));
  }

  @AfterAll
  static void closeClients() {
    groups.close();
    producer.close();
    admin.close();
  }

  /**
   * A topic of 3 partitions with 10 records each. Partitions 0 and 1: record i at BASE + i s;
   * partition 2: all ten within BASE's first 100 ms, so no record is as late as BASE + 1 s.
   */
  private static String topicWithHistory() throws Exception {
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, PARTITIONS);
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      for (int i = 0; i < RECORDS; i++) {
        long step = partition == 2 ? 10 : 1000;
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                topic,
                partition,
                BASE.toEpochMilli() + i * step,
                "id-" + i,
                ("p" + partition + "-" + i).getBytes(StandardCharsets.UTF_8));
        record
            .headers()
            .add(EventHeaders.EVENT_TYPE, "TypeCreated".getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
      }
    }
    for (java.util.concurrent.Future<?> future : sent) {
      future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    return topic;
  }

  private static List<TopicPartition> partitions(String topic) {
    return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
  }

  private static KafkaConsumer<String, byte[]> consumer(String group) {
    return consumer(group, "none");
  }

  private static KafkaConsumer<String, byte[]> consumer(String group, String offsetReset) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // "none" for the consumers that check where a reset put the group: one that found no
    // committed offset would fail instead of guessing
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  /** Commits {@code offsets} for {@code group} as its consumer would, then leaves the group. */
  private static void commitAsConsumer(String group, String topic, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = consumer(group, "latest")) {
      consumer.subscribe(List.of(topic));
      Await.until(
          TIMEOUT,
          "partitions assigned to the consumer of " + group,
          () -> {
            consumer.poll(Duration.ofMillis(50));
            return consumer.assignment().size() == PARTITIONS;
          });
      Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
      partitions(topic).forEach(p -> commit.put(p, new OffsetAndMetadata(offset)));
      consumer.commitSync(commit);
    }
    awaitIdle(group);
  }

  private static void awaitIdle(String group) {
    Await.until(
        TIMEOUT,
        "group " + group + " has no member",
        () -> groups.describe(group).members().isEmpty());
  }

  /**
   * The offset of the first record a new consumer in {@code group} receives from each partition
   * that still has records after the group's committed offset; the consumer commits nothing.
   */
  private static Map<TopicPartition, Long> firstOffsets(
      String group, String topic, int expectedPartitions) {
    Map<TopicPartition, Long> first = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(group)) {
      consumer.subscribe(List.of(topic));
      Await.until(
          TIMEOUT,
          "records from " + expectedPartitions + " partitions",
          () -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
              first.putIfAbsent(
                  new TopicPartition(record.topic(), record.partition()), record.offset());
            }
            return first.size() == expectedPartitions;
          });
    }
    awaitIdle(group);
    return first;
  }

  private static Map<TopicPartition, Long> targets(List<OffsetMove> moves) {
    return moves.stream().collect(Collectors.toMap(OffsetMove::topicPartition, OffsetMove::to));
  }

  private static Map<TopicPartition, Long> offsets(String topic, long p0, long p1, long p2) {
    return Map.of(
        new TopicPartition(topic, 0), p0,
        new TopicPartition(topic, 1), p1,
        new TopicPartition(topic, 2), p2);
  }

  private static Map<TopicPartition, Long> committed(String group) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    groups
        .describe(group)
        .partitions()
        .forEach(p -> p.committed().ifPresent(o -> committed.put(p.topicPartition(), o)));
    return committed;
  }

  @Test
  void resetToEarliestMakesTheNextSubscriptionStartAtTheBeginning() throws Exception {
    // Given a group that has consumed the whole topic through an EventSubscriber
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    Map<String, Object> config =
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group);
    Map<TopicPartition, List<Long>> received = new ConcurrentHashMap<>();
    try (EventSubscriber subscriber = EventSubscriber.create(config)) {
      Subscription subscription =
          subscriber.subscribe(
              topic,
              IncomingEvent::metadata,
              (EventMetadata event) ->
                  received
                      .computeIfAbsent(
                          new TopicPartition(event.topic(), event.partition()),
                          p -> new ArrayList<>())
                      .add(event.offset()));
      Await.until(
          TIMEOUT,
          "all records committed",
          () -> committed(group).equals(offsets(topic, RECORDS, RECORDS, RECORDS)));
      subscription.close();
    }
    awaitIdle(group);

    // When it is reset to the earliest offsets
    List<OffsetMove> moves = groups.reset(group, List.of(topic), OffsetReset.earliest());

    // Then every partition moved from its end to 0, Kafka's tool agrees, and a new subscription
    // starts at offset 0 of every partition
    assertEquals(
        partitions(topic).stream()
            .map(p -> new OffsetMove(p, OptionalLong.of(RECORDS), 0))
            .toList(),
        moves);
    assertEquals(
        offsets(topic, 0, 0, 0),
        KafkaConsumerGroupsTool.committed(kafka.bootstrapServers(), group));
    received.clear();
    try (EventSubscriber subscriber = EventSubscriber.create(config)) {
      subscriber.subscribe(
          topic,
          IncomingEvent::metadata,
          (EventMetadata event) ->
              received
                  .computeIfAbsent(
                      new TopicPartition(event.topic(), event.partition()), p -> new ArrayList<>())
                  .add(event.offset()));
      Await.until(
          TIMEOUT,
          "every partition read again",
          () ->
              received.size() == PARTITIONS
                  && received.values().stream().allMatch(list -> list.size() >= RECORDS));
    }
    for (TopicPartition partition : partitions(topic)) {
      assertEquals(0L, received.get(partition).get(0), "first offset of " + partition);
    }
  }

  @Test
  void resetToTimestampStartsAtTheFirstRecordAtOrAfterItAndAtTheEndWhereThereIsNone()
      throws Exception {
    // Given a group at the end of a topic whose partition 2 holds only records older than T
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, RECORDS);

    // When it is reset to T = BASE + 4.5 s
    List<OffsetMove> moves =
        groups.reset(group, List.of(topic), OffsetReset.toTimestamp(BASE.plusMillis(4500)));

    // Then partitions 0 and 1 move to offset 5 (the record at BASE + 5 s), partition 2 to its end,
    // Kafka's tool agrees, and the next consumer starts exactly at 5 and 5
    assertEquals(offsets(topic, 5, 5, RECORDS), targets(moves));
    assertEquals(
        offsets(topic, 5, 5, RECORDS),
        KafkaConsumerGroupsTool.committed(kafka.bootstrapServers(), group));
    Map<TopicPartition, Long> first = firstOffsets(group, topic, 2);
    assertEquals(Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 5L), first);
  }

  @Test
  void resetToExplicitOffsetsStartsExactlyThere() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, RECORDS);

    List<OffsetMove> moves =
        groups.reset(group, List.of(topic), OffsetReset.toOffsets(offsets(topic, 3, 0, 7)));

    assertEquals(
        List.of(
            new OffsetMove(new TopicPartition(topic, 0), OptionalLong.of(RECORDS), 3),
            new OffsetMove(new TopicPartition(topic, 1), OptionalLong.of(RECORDS), 0),
            new OffsetMove(new TopicPartition(topic, 2), OptionalLong.of(RECORDS), 7)),
        moves);
    assertEquals(
        offsets(topic, 3, 0, 7),
        KafkaConsumerGroupsTool.committed(kafka.bootstrapServers(), group));
    assertEquals(offsets(topic, 3, 0, 7), firstOffsets(group, topic, PARTITIONS));
  }

  @Test
  void explicitOffsetsOfOnlySomePartitionsLeaveTheOthersAndAGroupWithoutCommitsHasNoFrom()
      throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("new-group");
    TopicPartition p1 = new TopicPartition(topic, 1);

    List<OffsetMove> moves =
        groups.reset(group, List.of(topic), OffsetReset.toOffsets(Map.of(p1, 4L)));

    assertEquals(List.of(new OffsetMove(p1, OptionalLong.empty(), 4)), moves);
    assertEquals(Map.of(p1, 4L), committed(group));
  }

  @Test
  void explicitOffsetOutsideTheLogIsRefusedNamingItAndNothingMoves() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, 2);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                groups.reset(
                    group, List.of(topic), OffsetReset.toOffsets(offsets(topic, 3, 11, 0))));

    assertTrue(
        e.getMessage().contains(topic + "-1 to 11 (the log holds offsets 0..10)"), e.getMessage());
    assertEquals(offsets(topic, 2, 2, 2), committed(group));
  }

  @Test
  void resetsThatCannotBeResolvedNameTheProblemAndMoveNothing() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("new-group");
    String unknown = EmbeddedKafka.uniqueName("no-such-topic");

    IllegalArgumentException noCommit =
        assertThrows(
            IllegalArgumentException.class,
            () -> groups.reset(group, List.of(topic), OffsetReset.shiftBy(-1)));
    IllegalArgumentException foreign =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                groups.reset(
                    group,
                    List.of(topic),
                    OffsetReset.toOffsets(Map.of(new TopicPartition(unknown, 0), 0L))));
    IllegalArgumentException missingTopic =
        assertThrows(
            IllegalArgumentException.class,
            () -> groups.reset(group, List.of(unknown), OffsetReset.earliest()));

    assertTrue(
        noCommit.getMessage().contains("no current offset for [" + topic + "-0"),
        noCommit.getMessage());
    assertTrue(
        foreign
            .getMessage()
            .contains("[" + unknown + "-0], which are not partitions of [" + topic + "]"),
        foreign.getMessage());
    assertTrue(missingTopic.getMessage().contains(unknown), missingTopic.getMessage());
    assertEquals(Map.of(), committed(group));
  }

  @Test
  void shiftMovesFromTheCommittedOffsetAndStopsAtTheLogStart() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, 6);

    assertEquals(
        offsets(topic, 2, 2, 2),
        targets(groups.reset(group, List.of(topic), OffsetReset.shiftBy(-4))));
    assertEquals(
        offsets(topic, 0, 0, 0),
        targets(groups.reset(group, List.of(topic), OffsetReset.shiftBy(-4))));
    assertEquals(
        offsets(topic, 0, 0, 0),
        KafkaConsumerGroupsTool.committed(kafka.bootstrapServers(), group));
  }

  @Test
  void dryRunReturnsTheMovesAndChangesNothing() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, RECORDS);

    List<OffsetMove> planned =
        groups.reset(group, List.of(topic), OffsetReset.earliest(), ResetMode.DRY_RUN);

    assertEquals(offsets(topic, 0, 0, 0), targets(planned));
    assertEquals(
        offsets(topic, RECORDS, RECORDS, RECORDS),
        KafkaConsumerGroupsTool.committed(kafka.bootstrapServers(), group));
  }

  @Test
  void resetOfAGroupWithAnActiveMemberIsRefusedNamingGroupAndMemberAndChangesNothing()
      throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, RECORDS);
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "group.id",
            group,
            "client.id",
            "billing-1");
    try (EventSubscriber subscriber = EventSubscriber.create(config)) {
      Subscription subscription = subscriber.subscribe(topic, IncomingEvent::metadata, event -> {});
      assertTrue(subscription.awaitAssignment(TIMEOUT));

      GroupActiveException e =
          assertThrows(
              GroupActiveException.class,
              () -> groups.reset(group, List.of(topic), OffsetReset.earliest()));
      assertThrows(
          GroupActiveException.class,
          () -> groups.reset(group, List.of(topic), OffsetReset.earliest(), ResetMode.DRY_RUN));

      assertEquals(group, e.groupId());
      assertEquals(List.of("billing-1"), e.members().stream().map(GroupMember::clientId).toList());
      assertTrue(e.getMessage().contains("consumer group " + group), e.getMessage());
      assertTrue(e.getMessage().contains(e.members().get(0).memberId()), e.getMessage());
      assertEquals(offsets(topic, RECORDS, RECORDS, RECORDS), committed(group));
    }
  }

  @Test
  void describeReportsCommittedEndAndLagAsKafkasToolDoes() throws Exception {
    String topic = topicWithHistory();
    String group = EmbeddedKafka.uniqueName("billing");
    commitAsConsumer(group, topic, 4);
    groups.reset(
        group, List.of(topic), OffsetReset.toOffsets(Map.of(new TopicPartition(topic, 2), 9L)));

    GroupOffsets described = groups.describe(group);

    assertEquals("Empty", described.state());
    assertEquals(List.of(), described.members());
    assertEquals(6 + 6 + 1, described.totalLag());
    Map<TopicPartition, KafkaConsumerGroupsTool.Row> tool =
        KafkaConsumerGroupsTool.describe(kafka.bootstrapServers(), group);
    assertEquals(
        tool.keySet(),
        described.partitions().stream()
            .map(PartitionOffsets::topicPartition)
            .collect(Collectors.toSet()));
    for (PartitionOffsets partition : described.partitions()) {
      KafkaConsumerGroupsTool.Row row = tool.get(partition.topicPartition());
      assertEquals(row.currentOffset(), partition.committed(), "committed " + partition);
      assertEquals(row.logEndOffset(), partition.endOffset(), "end " + partition);
      assertEquals(row.lag(), partition.lag(), "lag " + partition);
    }
  }

  @Test
  void describeOfAnUnknownGroupHasNoPartitions() {
    GroupOffsets described = groups.describe(EmbeddedKafka.uniqueName("nobody"));

    assertEquals(List.of(), described.partitions());
    assertEquals(List.of(), described.members());
  }

  @Test
  void runningConsumerSeeksToTheResolvedTargetsBetweenTwoPolls() throws Exception {
    // Given a consumer that has read a topic to its end
    String topic = topicWithHistory();
    Map<TopicPartition, Long> next = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        consumer(EmbeddedKafka.uniqueName("running"), "earliest")) {
      consumer.assign(partitions(topic));
      Await.until(
          TIMEOUT,
          "the whole topic read",
          () -> {
            consumer
                .poll(Duration.ofMillis(50))
                .forEach(
                    r -> next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1));
            return next.equals(offsets(topic, RECORDS, RECORDS, RECORDS));
          });

      // When it resolves a reset on its own thread and seeks, as OffsetResolver's Javadoc shows
      Map<TopicPartition, Long> positions = new HashMap<>();
      for (TopicPartition partition : consumer.assignment()) {
        positions.put(partition, consumer.position(partition));
      }
      List<OffsetMove> moves =
          OffsetResolver.of(consumer, TIMEOUT)
              .plan(consumer.assignment(), OffsetReset.shiftBy(-3), positions);
      moves.forEach(move -> consumer.seek(move.topicPartition(), move.to()));

      // Then the moves say where from and where to, and the next records come from exactly there
      assertEquals(
          partitions(topic).stream()
              .map(p -> new OffsetMove(p, OptionalLong.of(RECORDS), RECORDS - 3))
              .toList(),
          moves);
      Map<TopicPartition, Long> first = new HashMap<>();
      Await.until(
          TIMEOUT,
          "records from every partition after the seek",
          () -> {
            consumer
                .poll(Duration.ofMillis(50))
                .forEach(
                    r ->
                        first.putIfAbsent(
                            new TopicPartition(r.topic(), r.partition()), r.offset()));
            return first.size() == PARTITIONS;
          });
      assertEquals(offsets(topic, RECORDS - 3, RECORDS - 3, RECORDS - 3), first);
    }
  }

  @Test
  void resolverOnAConsumerGivesTheSameTargetsAsOnAnAdmin() throws Exception {
    String topic = topicWithHistory();
    OffsetReset reset = OffsetReset.toTimestamp(BASE.plusSeconds(7));
    try (KafkaConsumer<String, byte[]> consumer = consumer(EmbeddedKafka.uniqueName("unused"))) {
      Map<TopicPartition, Long> viaConsumer =
          OffsetResolver.of(consumer, TIMEOUT).resolve(partitions(topic), reset);
      Map<TopicPartition, Long> viaAdmin =
          OffsetResolver.of(admin).resolve(partitions(topic), reset);

      assertEquals(offsets(topic, 7, 7, RECORDS), viaAdmin);
      assertEquals(viaAdmin, viaConsumer);
    }
  }
}
