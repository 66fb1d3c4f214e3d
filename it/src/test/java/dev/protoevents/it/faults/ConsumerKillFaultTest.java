package dev.protoevents.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
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
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, acceptance: a consumer process killed with SIGKILL at random points 5 times while it
 * handles 50,000 events, restarted each time. Its handler writes each event to a file and forces it
 * to disk before returning ({@link HandledLogConsumer}). At the end every event was handled at
 * least once, and the handler's state (resource id to the last value it handled) equals that of a
 * clean run of the same handler, which runs in this JVM meanwhile, in a group of its own (writing
 * the same lines without forcing them to disk, as nothing kills it).
 *
 * <p>The kill points are random, from a seed printed with the figures; {@code
 * -Dprotoevents.faults.seed=<seed>} repeats a run.
 */
class ConsumerKillFaultTest {

  private static final int EVENTS = 50_000;
  private static final int KEYS = 500;
  private static final int PARTITIONS = 3;
  private static final int KILLS = 5;
  private static final String TOPIC = "io.restorecommerce.meter.resource";
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(4);

  private static BrokerProcess broker;
  private static Admin admin;
  private static Path directory;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start("consumer-kill");
    broker.createTopic(TOPIC, PARTITIONS);
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    directory = BrokerProcess.workDirectory("consumer-kill");
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
  void everyEventIsHandledAndTheStateEqualsACleanRunsAfterFiveKills() throws Exception {
    long seed = Long.getLong("protoevents.faults.seed", System.nanoTime());
    Random random = new Random(seed);

    // Given 50,000 events on 500 resources, published and acknowledged
    publish();
    Path killedLog = directory.resolve("killed.handled");
    Path cleanLog = directory.resolve("clean.handled");
    Path processLog = directory.resolve("consumer.log");
    ChildJvm.Spec consumer =
        ChildJvm.spec(HandledLogConsumer.class)
            .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
            .args(broker.bootstrapServers(), TOPIC, "killed", killedLog.toString());
    long start = System.nanoTime();

    // and a clean run of the same handler in this JVM, in a group of its own (nothing kills it,
    // so its lines need not be forced to disk)
    try (HandledLog clean = HandledLog.open(cleanLog, false);
        EventSubscriber cleanSubscriber =
            EventSubscriber.create(HandledLogConsumer.config(broker.bootstrapServers(), "clean"))) {
      Subscription cleanRun = HandledLogConsumer.subscribe(cleanSubscriber, TOPIC, clean);

      // When a consumer process is SIGKILLed 5 times at random points while it handles them
      List<String> kills;
      try (KillRestartLoop loop = KillRestartLoop.start(consumer, processLog, "consumer")) {
        kills =
            loop.killRepeatedly(
                KILLS,
                CATCH_UP_TIMEOUT,
                () -> HandledLog.lines(killedLog),
                () -> HandledLog.lines(killedLog),
                before -> before + 200 + random.nextInt(EVENTS / (KILLS + 1)),
                target -> "consumer process handled " + target + " lines",
                (kill, before, at, exit) ->
                    String.format(
                        "kill %d after %,d lines (%,d since its restart, exit %d)",
                        kill, at, at - before, exit));

        // and the last one runs to the end
        // (a group can only have caught up once its file has a line per event)
        Await.until(
            CATCH_UP_TIMEOUT,
            "killed group caught up",
            () -> HandledLog.lines(killedLog) >= EVENTS && caughtUp("killed"));
        Await.until(
            CATCH_UP_TIMEOUT,
            "clean group caught up",
            () -> HandledLog.lines(cleanLog) >= EVENTS && caughtUp("clean"));
        assertTrue(loop.child().isAlive(), "the last consumer process is still running");
        assertTrue(cleanRun.isActive(), "the clean run is still running");
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // Then every event was handled at least once, and the state equals the clean run's
      List<HandledLog.Entry> killed = HandledLog.read(killedLog);
      List<HandledLog.Entry> cleanEntries = HandledLog.read(cleanLog);
      BitSet handled = new BitSet(EVENTS);
      killed.forEach(entry -> handled.set((int) entry.seq()));
      BitSet handledClean = new BitSet(EVENTS);
      cleanEntries.forEach(entry -> handledClean.set((int) entry.seq()));
      Map<String, Long> state = HandledLog.state(killed);
      Map<String, Long> cleanState = HandledLog.state(cleanEntries);

      System.out.printf(
          "[faults] consumer process SIGKILLed %d times while handling %,d events (%d resources,"
              + " %d partitions), seed %d%n"
              + "  %s%n"
              + "  killed run: %,d lines, %,d distinct events, %,d handled again; clean run: %,d"
              + " lines, %,d distinct%n"
              + "  state: %d resources, equal to the clean run's: %b; %d ms in all%n",
          KILLS,
          EVENTS,
          KEYS,
          PARTITIONS,
          seed,
          String.join("\n  ", kills),
          killed.size(),
          handled.cardinality(),
          killed.size() - handled.cardinality(),
          cleanEntries.size(),
          handledClean.cardinality(),
          state.size(),
          state.equals(cleanState),
          elapsed.toMillis());

      assertEquals(
          EVENTS, handled.cardinality(), "events handled at least once (seed " + seed + ")");
      assertEquals(EVENTS, handledClean.cardinality(), "events handled by the clean run");
      assertEquals(expectedState(), cleanState, "the clean run's state");
      assertEquals(cleanState, state, "state after the kills (seed " + seed + ")");
    }
  }

  private static void publish() throws Exception {
    List<CompletableFuture<?>> futures = new ArrayList<>(EVENTS);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      for (int seq = 0; seq < EVENTS; seq++) {
        futures.add(
            publisher.publish(OutgoingEvent.of(TOPIC, key(seq), "MeterRead", Int64Value.of(seq))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }
  }

  private static String key(int seq) {
    return String.format("m-%03d", seq % KEYS);
  }

  /** What handling every event once, in order, leaves: each resource's last sequence number. */
  private static Map<String, Long> expectedState() {
    Map<String, Long> state = new HashMap<>();
    for (int seq = 0; seq < EVENTS; seq++) {
      state.put(key(seq), (long) seq);
    }
    return state;
  }

  /** True once the group has committed every partition's end offset. */
  private static boolean caughtUp(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      return end.entrySet().stream()
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
