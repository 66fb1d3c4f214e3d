package dev.protoevents.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, acceptance: 20,000 input events through a processor whose process is SIGKILLed at random
 * points 5 times and restarted. A {@code read_committed} consumer sees every input's two outputs
 * exactly once (none missing, none duplicated), and the input group's committed offsets are at the
 * end of the input topic.
 *
 * <p>The kill points are random, from a seed printed with the figures; {@code
 * -Dprotoevents.faults.seed=<seed>} repeats a run.
 */
class ProcessorKillFaultTest {

  private static final int INPUTS = 20_000;
  private static final int OUTPUTS = 2 * INPUTS;
  private static final int KEYS = 500;
  private static final int PARTITIONS = 3;
  private static final int KILLS = 5;
  private static final String INPUT = "io.restorecommerce.meter.resource";
  private static final String OUTPUT = "io.restorecommerce.reading.resource";
  private static final String GROUP = "doubling";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static BrokerProcess broker;
  private static Admin admin;
  private static Path directory;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start("processor-kill");
    broker.createTopic(INPUT, PARTITIONS);
    broker.createTopic(OUTPUT, PARTITIONS);
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    directory = BrokerProcess.workDirectory("processor-kill");
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyInputsOutputsAreVisibleExactlyOnceAfterFiveKills() throws Exception {
    long seed = Long.getLong("protoevents.faults.seed", System.nanoTime());
    Random random = new Random(seed);

    // Given 20,000 input events on 500 resources, published and acknowledged
    publish();
    ChildJvm.Spec spec =
        ChildJvm.spec(ProcessorChild.class)
            .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
            .args(broker.bootstrapServers(), INPUT, OUTPUT, GROUP);
    Path processLog = directory.resolve("processor.log");
    long start = System.nanoTime();
    List<String> kills;
    int[] seen = new int[OUTPUTS];
    long[] read = new long[1];

    try (KafkaConsumer<String, byte[]> reader = committedReader()) {
      // When the processor process is SIGKILLed 5 times at random points, restarted each time
      try (KillRestartLoop loop = KillRestartLoop.start(spec, processLog, "processor")) {
        kills =
            loop.killRepeatedly(
                KILLS,
                TIMEOUT,
                () -> read[0],
                () -> {
                  read[0] += readInto(reader, seen);
                  return read[0];
                },
                position -> position + 1_000 + random.nextInt(OUTPUTS / (KILLS + 2)),
                target -> "a read_committed reader sees " + target + " outputs",
                (kill, before, at, exit) ->
                    String.format("kill %d after %,d committed outputs", kill, at));

        // and the last one runs to the end
        Await.until(TIMEOUT, "the group committed the input's end", this::caughtUp);
        Await.until(
            TIMEOUT,
            "a read_committed reader reaches the output's end",
            () -> {
              read[0] += readInto(reader, seen);
              return atEnd(reader);
            });
        assertTrue(loop.child().isAlive(), "the last processor process is still running");
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    // Then every output is there exactly once
    int missing = 0;
    int duplicated = 0;
    for (int count : seen) {
      missing += count == 0 ? 1 : 0;
      duplicated += count > 1 ? 1 : 0;
    }
    System.out.printf(
        "[faults] processor process SIGKILLed %d times while turning %,d inputs into %,d outputs"
            + " (%d partitions), seed %d%n  %s%n  read_committed reader: %,d records, %,d missing,"
            + " %,d duplicated; %d ms in all%n",
        KILLS,
        INPUTS,
        OUTPUTS,
        PARTITIONS,
        seed,
        String.join("\n  ", kills),
        read[0],
        missing,
        duplicated,
        elapsed.toMillis());
    assertEquals(0, missing, "outputs missing (seed " + seed + ")");
    assertEquals(0, duplicated, "outputs seen more than once (seed " + seed + ")");
    assertEquals(OUTPUTS, read[0], "records a read_committed reader sees");
    assertTrue(caughtUp(), "the input group's offsets are at the end");
  }

  private static void publish() throws Exception {
    List<CompletableFuture<?>> futures = new ArrayList<>(INPUTS);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      for (int seq = 0; seq < INPUTS; seq++) {
        futures.add(
            publisher.publish(
                OutgoingEvent.of(
                    INPUT, String.format("m-%03d", seq % KEYS), "MeterRead", Int64Value.of(seq))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }
  }

  private static KafkaConsumer<String, byte[]> committedReader() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config);
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(OUTPUT, p));
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    return reader;
  }

  /** Polls once and counts each output value read; returns how many records came. */
  private static int readInto(KafkaConsumer<String, byte[]> reader, int[] seen) {
    int count = 0;
    for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
      try {
        seen[(int) Int64Value.parseFrom(record.value()).getValue()]++;
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("unreadable output at " + record, e);
      }
      count++;
    }
    return count;
  }

  /** True once the reader's position is at the last stable offset of every partition. */
  private static boolean atEnd(KafkaConsumer<String, byte[]> reader) {
    Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment());
    return end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
  }

  /** True once the group has committed every input partition's end offset. */
  private boolean caughtUp() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
          .allMatch(
              e ->
                  committed.get(e.getKey()) != null
                      && committed.get(e.getKey()).offset() == e.getValue().offset());
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
