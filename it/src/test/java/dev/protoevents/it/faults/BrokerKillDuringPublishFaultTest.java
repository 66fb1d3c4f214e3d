package dev.protoevents.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, acceptance: a broker killed with SIGKILL and restarted in the middle of publishing
 * 50,000 events through {@link EventPublisher}. Every acknowledged event must be in the log exactly
 * once, and every event that did not make it must have failed its future, so the caller knows.
 *
 * <p>What "failed" means is fixed by the producer's {@code delivery.timeout.ms} of {@value
 * #DELIVERY_TIMEOUT_MS} ms: an event not acknowledged within it fails its future with a {@link
 * org.apache.kafka.common.errors.TimeoutException}, and no other failure is expected. The first
 * outage lasts as long as a restart takes; the second lasts until a future has failed, so failures
 * are certain and can be counted. A failed event may still be in the log (the broker stored it but
 * died before it could answer); it may not be there twice.
 */
class BrokerKillDuringPublishFaultTest {

  private static final int EVENTS = 50_000;
  private static final int PARTITIONS = 3;
  private static final String TOPIC = "io.restorecommerce.counter.resource";

  /** Events sent but not yet acknowledged or failed at most; a service's back-pressure. */
  private static final int IN_FLIGHT = 2_000;

  private static final int DELIVERY_TIMEOUT_MS = 10_000;
  private static final int REQUEST_TIMEOUT_MS = 3_000;

  private static BrokerProcess broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start("broker-kill-during-publish");
    broker.createTopic(TOPIC, PARTITIONS);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyAcknowledgedEventIsStoredOnceAndEveryOtherFailsItsFuture() throws Exception {
    // Given a publisher whose events fail after 10 s without an acknowledgement, sending 50,000
    AtomicReferenceArray<RecordMetadata> acknowledged = new AtomicReferenceArray<>(EVENTS);
    AtomicReferenceArray<Throwable> failed = new AtomicReferenceArray<>(EVENTS);
    AtomicInteger acknowledgedCount = new AtomicInteger();
    AtomicInteger failedCount = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    Semaphore window = new Semaphore(IN_FLIGHT);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            DELIVERY_TIMEOUT_MS,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            REQUEST_TIMEOUT_MS,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            60_000);
    long startNanos = System.nanoTime();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      Thread publishing =
          new Thread(
              () -> {
                for (int i = 0; i < EVENTS; i++) {
                  window.acquireUninterruptibly();
                  int seq = i;
                  CompletableFuture<RecordMetadata> future =
                      publisher.publish(
                          OutgoingEvent.of(
                              TOPIC, key(seq), "CounterIncremented", Int64Value.of(seq)));
                  future.whenComplete(
                      (metadata, exception) -> {
                        if (exception == null) {
                          acknowledged.set(seq, metadata);
                          acknowledgedCount.incrementAndGet();
                        } else {
                          failed.set(seq, exception);
                          failedCount.incrementAndGet();
                        }
                        window.release();
                      });
                  sent.incrementAndGet();
                }
              },
              "publishing");
      publishing.start();

      // When the broker is killed at 30% and restarted at once
      Await.until(Duration.ofSeconds(120), "30% sent", () -> sent.get() >= EVENTS * 3 / 10);
      broker.kill();
      int sentAtFirstKill = sent.get();
      int acknowledgedAtFirstKill = acknowledgedCount.get();
      long firstKill = System.nanoTime();
      broker.restart();
      Duration firstOutage = Duration.ofNanos(System.nanoTime() - firstKill);
      Duration firstRestart = broker.lastStartTime();

      // and killed again at 70%, staying down until a future has failed
      Await.until(Duration.ofSeconds(120), "70% sent", () -> sent.get() >= EVENTS * 7 / 10);
      broker.kill();
      int sentAtSecondKill = sent.get();
      int acknowledgedAtSecondKill = acknowledgedCount.get();
      long secondKill = System.nanoTime();
      Await.until(
          Duration.ofMillis(DELIVERY_TIMEOUT_MS * 6L),
          "a future failed while the broker is down",
          () -> failedCount.get() > 0);
      int failedWhileDown = failedCount.get();
      broker.restart();
      Duration secondOutage = Duration.ofNanos(System.nanoTime() - secondKill);

      publishing.join(Duration.ofSeconds(120).toMillis());
      assertTrue(!publishing.isAlive(), "the publishing thread is still sending");
      Await.until(
          Duration.ofSeconds(120),
          "every future completed",
          () -> acknowledgedCount.get() + failedCount.get() == EVENTS);
      Duration publishTime = Duration.ofNanos(System.nanoTime() - startNanos);

      // Then every acknowledged event is stored exactly once, at the acknowledged offset
      Map<Long, List<ConsumerRecord<String, byte[]>>> log = readLog();
      int storedRecords = log.values().stream().mapToInt(List::size).sum();
      int acknowledgedMissing = 0;
      int acknowledgedDuplicated = 0;
      int acknowledgedMisplaced = 0;
      int failedButStored = 0;
      int failedStoredTwice = 0;
      Map<String, Integer> failureCauses = new TreeMap<>();
      for (int seq = 0; seq < EVENTS; seq++) {
        List<ConsumerRecord<String, byte[]>> copies = log.getOrDefault((long) seq, List.of());
        RecordMetadata metadata = acknowledged.get(seq);
        Throwable failure = failed.get(seq);
        if (metadata != null) {
          if (copies.isEmpty()) {
            acknowledgedMissing++;
          } else if (copies.size() > 1) {
            acknowledgedDuplicated++;
          } else if (copies.get(0).partition() != metadata.partition()
              || copies.get(0).offset() != metadata.offset()) {
            acknowledgedMisplaced++;
          }
        } else {
          failureCauses.merge(rootCause(failure), 1, Integer::sum);
          if (copies.size() == 1) {
            failedButStored++;
          } else if (copies.size() > 1) {
            failedStoredTwice++;
          }
        }
      }
      long strangers = log.keySet().stream().filter(seq -> seq < 0 || seq >= EVENTS).count();

      System.out.printf(
          "[faults] broker SIGKILLed twice while publishing %,d events (%d partitions, %,d in"
              + " flight at most, delivery.timeout.ms=%d)%n"
              + "  kill 1 at %,d sent / %,d acknowledged; down %d ms (restart %d ms)%n"
              + "  kill 2 at %,d sent / %,d acknowledged; down %d ms, until %,d futures had"
              + " failed%n"
              + "  acknowledged %,d + failed %,d = %,d of %,d sent, in %d ms%n"
              + "  failure causes: %s%n"
              + "  log: %,d records; acknowledged missing %d, duplicated %d, at another offset %d;"
              + " failed but stored %d, failed and stored twice %d; unknown %d%n",
          EVENTS,
          PARTITIONS,
          IN_FLIGHT,
          DELIVERY_TIMEOUT_MS,
          sentAtFirstKill,
          acknowledgedAtFirstKill,
          firstOutage.toMillis(),
          firstRestart.toMillis(),
          sentAtSecondKill,
          acknowledgedAtSecondKill,
          secondOutage.toMillis(),
          failedWhileDown,
          acknowledgedCount.get(),
          failedCount.get(),
          acknowledgedCount.get() + failedCount.get(),
          EVENTS,
          publishTime.toMillis(),
          failureCauses,
          storedRecords,
          acknowledgedMissing,
          acknowledgedDuplicated,
          acknowledgedMisplaced,
          failedButStored,
          failedStoredTwice,
          strangers);

      assertEquals(EVENTS, acknowledgedCount.get() + failedCount.get(), "acknowledged + failed");
      assertTrue(failedCount.get() > 0, "the long outage failed the futures in flight");
      assertEquals(
          Map.of("TimeoutException", failedCount.get()),
          failureCauses,
          "every failure says why: the delivery timeout expired");
      assertEquals(0, acknowledgedMissing, "acknowledged events missing from the log");
      assertEquals(0, acknowledgedDuplicated, "acknowledged events stored more than once");
      assertEquals(
          0, acknowledgedMisplaced, "acknowledged events not at their acknowledged offset");
      assertEquals(0, failedStoredTwice, "failed events stored more than once");
      assertEquals(0, strangers, "records in the log that were never sent");
      assertEquals(
          acknowledgedCount.get() + failedButStored,
          storedRecords,
          "the log holds the acknowledged events and some of the failed ones, nothing else");
    }
  }

  private static String key(int seq) {
    return String.format("c-%03d", seq % 1_000);
  }

  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }

  /** The whole topic read with a raw consumer, by sequence number (the payload). */
  private static Map<Long, List<ConsumerRecord<String, byte[]>>> readLog()
      throws InvalidProtocolBufferException {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<Long, List<ConsumerRecord<String, byte[]>>> bySeq = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(TOPIC, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("could not read the topic to its end offsets " + end);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          long seq = Int64Value.parseFrom(record.value()).getValue();
          bySeq.computeIfAbsent(seq, s -> new ArrayList<>(1)).add(record);
        }
      }
    }
    return bySeq;
  }
}
