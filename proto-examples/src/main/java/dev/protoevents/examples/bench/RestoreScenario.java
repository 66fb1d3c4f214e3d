package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Figure;
import dev.protoevents.examples.bench.Rounds.Measured;
import dev.protoevents.examples.bench.Rounds.Variant;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.examples.shop.orders.OrderView;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.restore.RestoreListener;
import dev.protoevents.runtime.restore.Snapshot;
import dev.protoevents.runtime.restore.SnapshotStore;
import dev.protoevents.runtime.restore.StateFeed;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Restore: a history of {@code bench.restore.events} full-state events ({@code OrderCreated} once
 * per order, then {@code OrderReplaced} with a moving status) for {@code bench.restore.orders}
 * orders on a topic of {@value #PARTITIONS} partitions, rebuilt into local state, timed from
 * creating the consumer until the state holds everything up to the end offsets seen at the start.
 * Only full-state events, so that both sides build the same map.
 *
 * <ul>
 *   <li>{@code KafkaConsumer, assign + parseFrom + HashMap}: assign every partition, seek to the
 *       beginning, read to the end offsets, {@code Order.parseFrom} each value and put it into a
 *       {@code HashMap} by the record key.
 *   <li>{@code StateFeed, full restore}: {@code StateFeed.builder(config).topic(topic,
 *       OrderTopic.DECODER, new OrderView()).start()} until {@code awaitCaughtUp}.
 *   <li>{@code StateFeed, from 90% snapshot}: the same with a snapshot store holding one snapshot
 *       taken after 90% of the history; loading the snapshot is part of the time.
 * </ul>
 *
 * <p>Then, once each, the heap: retained bytes per entity of the view and of the raw map, and the
 * peak heap in use during a full restore (see {@link HeapMeter}).
 */
final class RestoreScenario {
  static final int PARTITIONS = 6;

  private final Bench bench;
  private final int historyEvents;
  private final int orderCount;
  private final int rounds;

  RestoreScenario(Bench bench, int historyEvents, int orderCount, int rounds) {
    if (historyEvents < orderCount) {
      throw new IllegalArgumentException(
          "bench.restore.events ("
              + historyEvents
              + ") must be at least bench.restore.orders ("
              + orderCount
              + ")");
    }
    this.bench = bench;
    this.historyEvents = historyEvents;
    this.orderCount = orderCount;
    this.rounds = rounds;
  }

  /** Results: the timed comparisons, then lines of heap figures. */
  record Result(List<Comparison> rows, List<String> heap) {}

  Result run() throws Exception {
    String topic = bench.freshTopic("restore", PARTITIONS);
    int atSnapshot = historyEvents / 10 * 9;
    bench.out.println();
    bench.out.printf(
        Locale.ROOT,
        "Restore (%,d events for %,d orders on %s, %d partitions; snapshot after %,d events)%n",
        historyEvents,
        orderCount,
        topic,
        PARTITIONS,
        atSnapshot);
    Path directory = Files.createTempDirectory("protoevents-bench-snapshots");
    try {
      SnapshotStore store = SnapshotStore.directory(directory);
      Order[] base = new Order[orderCount];
      try (EventPublisher publisher =
          EventPublisher.create(Map.of("bootstrap.servers", bench.bootstrapServers()))) {
        long started = System.nanoTime();
        publish(publisher, topic, base, 0, atSnapshot);
        snapshot(topic, store, atSnapshot);
        publish(publisher, topic, base, atSnapshot, historyEvents);
        bench.out.printf(
            Locale.ROOT,
            "  pre-filled %s and took the snapshot in %.1f s%n",
            topic,
            (System.nanoTime() - started) / 1e9);
      }
      base = null; // not part of the heap measured below

      Variant raw =
          new Variant("KafkaConsumer, assign + parseFrom + HashMap", () -> restoreRaw(topic).nanos);
      Variant full =
          new Variant(
              "StateFeed, full restore", () -> restoreView(topic, null, historyEvents).nanos);
      Variant fromSnapshot =
          new Variant(
              "StateFeed, from 90% snapshot",
              () -> restoreView(topic, store, historyEvents - atSnapshot).nanos);
      Figure rate = Figure.eventsPerSecond(historyEvents);
      Measured measured =
          Rounds.run(
              bench.out, "restore", List.of(raw, full, fromSnapshot), bench.warmups, rounds, rate);
      List<Comparison> rows =
          List.of(
              Comparison.of(measured, raw, full, rate, ">= 0.85"),
              Comparison.ofTimes(measured, full, fromSnapshot, "<= 0.15"));
      return new Result(rows, heap(topic, store));
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Publishes events {@code from} (inclusive) to {@code to} of the history, waiting for acks. */
  private void publish(EventPublisher publisher, String topic, Order[] base, int from, int to)
      throws Exception {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      int n = i % orderCount;
      int version = i / orderCount;
      if (base[n] == null) {
        base[n] = Orders.order(n);
      }
      Order order = Orders.version(base[n], version);
      String type = version == 0 ? Orders.CREATED : Orders.REPLACED;
      sent.add(publisher.publish(OutgoingEvent.of(topic, order.getId(), type, order)));
      if (sent.size() == 100_000 || i == to - 1) {
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
            .get(Bench.RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        sent.clear();
      }
    }
  }

  /** Restores the first {@code events} events into a view and saves one snapshot of it. */
  private void snapshot(String topic, SnapshotStore store, long events) throws Exception {
    try (StateFeed feed =
        StateFeed.builder(kafkaConfig())
            .topic(topic, OrderTopic.DECODER, new OrderView())
            .listener(new RestoreListener() {})
            .snapshots(store)
            .snapshotOnClose(false)
            .start()) {
      if (!feed.awaitCaughtUp(Bench.RUN_TIMEOUT)) {
        throw new IllegalStateException("the snapshot's feed did not catch up: " + feed);
      }
      Snapshot snapshot = feed.snapshotNow().get(Bench.RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (snapshot.totalOffset() != events) {
        throw new IllegalStateException(
            "snapshot after " + snapshot.totalOffset() + " events, expected " + events);
      }
    }
  }

  private Map<String, String> kafkaConfig() {
    return Map.of("bootstrap.servers", bench.bootstrapServers());
  }

  /**
   * Diagnostics around one timed restore, printed next to its round line (they do not change what
   * is measured): collections and their total pause time, and the CPU time of the whole process
   * (broker included), whose share of the elapsed time shows how much of it the restore waited.
   */
  private final class Diagnostics {
    private final long collections = collections();
    private final long collectionMillis = collectionMillis();
    private final long cpuNanos = processCpuNanos();

    void print(String what, long elapsedNanos) {
      long cpu = processCpuNanos() - cpuNanos;
      bench.out.printf(
          Locale.ROOT,
          "    (%s: %d collections, %d ms in them; process CPU %.2f s = %.0f%% of %.2f s)%n",
          what,
          collections() - collections,
          collectionMillis() - collectionMillis,
          cpu / 1e9,
          cpuNanos < 0 ? Double.NaN : 100.0 * cpu / elapsedNanos,
          elapsedNanos / 1e9);
    }

    private static long collections() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionCount)
          .sum();
    }

    private static long collectionMillis() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionTime)
          .sum();
    }

    private static long processCpuNanos() {
      return ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime()
          : -1;
    }
  }

  /** A timed restore and the state it built. */
  private record Restored(long nanos, Object state, int entities) {}

  private Restored restoreRaw(String topic) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Order> state = new HashMap<>();
    Diagnostics diagnostics = new Diagnostics();
    long start = System.nanoTime();
    long deadline = start + Bench.RUN_TIMEOUT.toNanos();
    long count = 0;
    long end;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
      Set<TopicPartition> open = new HashSet<>();
      for (TopicPartition partition : partitions) {
        if (endOffsets.get(partition) > consumer.position(partition)) {
          open.add(partition);
        }
      }
      while (!open.isEmpty()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Bench.POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
          List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
          for (ConsumerRecord<String, byte[]> record : batch) {
            state.put(record.key(), Order.parseFrom(record.value()));
          }
          count += batch.size();
          if (batch.get(batch.size() - 1).offset() + 1 >= endOffsets.get(partition)) {
            open.remove(partition);
          }
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "raw restore read " + count + " events within " + Bench.RUN_TIMEOUT);
        }
      }
      end = System.nanoTime();
    }
    diagnostics.print("raw", end - start);
    check("raw restore", count, historyEvents, state.size());
    return new Restored(end - start, state, state.size());
  }

  private Restored restoreView(String topic, SnapshotStore store, long expectedEvents)
      throws Exception {
    OrderView view = new OrderView();
    StateFeed.Builder builder =
        StateFeed.builder(kafkaConfig())
            .topic(topic, OrderTopic.DECODER, view)
            .listener(new RestoreListener() {});
    if (store != null) {
      builder.snapshots(store).snapshotOnClose(false);
    }
    Diagnostics diagnostics = new Diagnostics();
    long start = System.nanoTime();
    long end;
    long applied;
    try (StateFeed feed = builder.start()) {
      if (!feed.awaitCaughtUp(Bench.RUN_TIMEOUT)) {
        throw new IllegalStateException("feed did not catch up within " + Bench.RUN_TIMEOUT);
      }
      end = System.nanoTime();
      applied = feed.eventsApplied();
    }
    diagnostics.print(store == null ? "feed, full" : "feed, snapshot", end - start);
    check("StateFeed restore", applied, expectedEvents, view.size());
    return new Restored(end - start, view, view.size());
  }

  private void check(String what, long events, long expectedEvents, int entities) {
    if (events != expectedEvents || entities != orderCount) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s applied %,d events into %,d orders, expected %,d into %,d",
              what,
              events,
              entities,
              expectedEvents,
              orderCount));
    }
  }

  /** One full restore of each kind with the heap measured around it. */
  private List<String> heap(String topic, SnapshotStore store) throws Exception {
    bench.out.println();
    bench.out.printf(
        Locale.ROOT, "Heap (one full restore each; collectors %s)%n", HeapMeter.collectors());
    List<String> lines = new ArrayList<>();
    lines.add(
        measureHeap("StateFeed into OrderView", () -> restoreView(topic, null, historyEvents)));
    lines.add(measureHeap("KafkaConsumer into HashMap", () -> restoreRaw(topic)));
    lines.add(firstReads(store));
    return lines;
  }

  /**
   * What a view's lazy snapshot load defers: the snapshot loaded into a fresh view, then every
   * order read once, which parses it. In the timed restore every order is replaced by a replayed
   * event before anyone reads it, so none of this is part of that time.
   */
  private String firstReads(SnapshotStore store) throws Exception {
    Snapshot snapshot = store.load(store.sequences().get(0));
    String[] ids = new String[orderCount];
    for (int n = 0; n < orderCount; n++) {
      ids[n] = Orders.order(n).getId();
    }
    OrderView view = new OrderView();
    long start = System.nanoTime();
    view.readSnapshot(snapshot.state());
    long loaded = System.nanoTime();
    int read = 0;
    for (String id : ids) {
      if (view.get(id).isPresent()) {
        read++;
      }
    }
    long end = System.nanoTime();
    if (read != orderCount) {
      throw new IllegalStateException("read " + read + " orders from the snapshot");
    }
    String line =
        String.format(
            Locale.ROOT,
            "Snapshot of %,d orders (%.1f MB) into a fresh OrderView: loaded in %.0f ms, then the"
                + " first read of every order (which parses it) %.0f ms, %.2f us per order",
            read,
            snapshot.state().length / 1e6,
            (loaded - start) / 1e6,
            (end - loaded) / 1e6,
            (end - loaded) / 1e3 / read);
    bench.out.println("  " + line);
    return line;
  }

  @FunctionalInterface
  private interface Restore {
    Restored run() throws Exception;
  }

  private String measureHeap(String name, Restore restore) throws Exception {
    long before = HeapMeter.usedAfterGc();
    Restored restored;
    long peak;
    long peakAfterGc;
    try (HeapMeter meter = HeapMeter.start()) {
      restored = restore.run();
      peak = meter.peak();
      peakAfterGc = meter.peakAfterGc();
    }
    long retained = HeapMeter.usedAfterGc() - before;
    Reference.reachabilityFence(restored.state());
    String line =
        String.format(
            Locale.ROOT,
            "%-26s %,5d bytes per entity retained (%.1f MB for %,d orders, after GC);"
                + " peak heap in use %,.0f MB, %s (%,.0f MB in use before)",
            name,
            retained / restored.entities(),
            retained / 1e6,
            restored.entities(),
            peak / 1e6,
            peakAfterGc == 0
                ? "no collection during the restore"
                : String.format(
                    Locale.ROOT, "%,.0f MB right after a collection", peakAfterGc / 1e6),
            before / 1e6);
    bench.out.println("  " + line);
    return line;
  }
}
