package dev.protoevents.examples.bench;

import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Measures protoevents against raw kafka-clients and Spring Kafka doing the same work with the same
 * bytes, side by side in one JVM on one embedded broker, and prints for every variant the median
 * over all measured rounds with [min .. max], and the ratio of the medians. Not a unit test:
 * nothing here asserts a time.
 *
 * <p>Scenarios: {@link PublishScenario}, {@link ConsumeScenario}, {@link ProcessScenario}, {@link
 * RestoreScenario}; each variant has its own producer or consumer; rounds are balanced as {@link
 * Rounds} says.
 *
 * <pre>{@code
 * ./mvnw -B -Pbench verify                                       # defaults
 * ./mvnw -B -Pbench verify -Dbench.events=50000 -Dbench.rounds=2 -Dbench.restore.events=100000
 * }</pre>
 */
public final class PublishConsumeBenchmark {
  private static final PrintStream OUT = System.out;

  private PublishConsumeBenchmark() {}

  /**
   * Runs the benchmark. System properties: {@code bench.events} (default 300000) events per publish
   * and consume run; {@code bench.rounds} (default 5) measured rounds at least, rounded up to a
   * multiple of the scenario's variants; {@code bench.warmups} (default 1) warm-up rounds; {@code
   * bench.restore.events} (default 1000000) and {@code bench.restore.orders} (default 100000) the
   * restore history; {@code bench.restore.rounds} (default 3) its measured rounds. Exits by itself.
   */
  public static void main(String[] args) throws Exception {
    int events = positiveProperty("bench.events", 300_000);
    int rounds = positiveProperty("bench.rounds", 5);
    int warmups = nonNegativeProperty("bench.warmups", 1);
    int restoreEvents = positiveProperty("bench.restore.events", 1_000_000);
    int restoreOrders = positiveProperty("bench.restore.orders", 100_000);
    int restoreRounds = positiveProperty("bench.restore.rounds", 3);
    Set<String> scenarios = scenarios();
    long started = System.nanoTime();

    Order sample = Orders.order(0);
    OUT.println(
        "protoevents benchmark: protoevents vs raw kafka-clients and Spring Kafka, same JVM, same"
            + " broker");
    OUT.printf(
        Locale.ROOT,
        "date %s, %d cores, Java %s (%s), max heap %d MB, GC %s, %s %s, kafka-clients %s%n",
        LocalDate.now(ZoneOffset.UTC),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() / 1_000_000,
        HeapMeter.collectors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        AppInfoParser.getVersion());
    OUT.printf(
        Locale.ROOT,
        "publish and consume: %,d events per run, %d warm-up + at least %d measured rounds,"
            + " %d partitions, %d distinct orders, value %d bytes (%d line items)%n",
        events,
        warmups,
        rounds,
        Bench.PARTITIONS,
        Bench.DISTINCT_ORDERS,
        sample.getSerializedSize(),
        sample.getItemsCount());
    OUT.printf(
        Locale.ROOT,
        "restore: %,d events for %,d orders per run, %d warm-up + at least %d measured rounds"
            + " (fewer than publish and consume: each run replays the whole history)%n",
        restoreEvents,
        restoreOrders,
        warmups,
        restoreRounds);
    OUT.println(
        "Rounds: every variant runs first, in the middle and last equally often (a Latin square"
            + " rotated over the rounds); the statistics use every measured round.");
    OUT.println(
        "The embedded broker runs in this JVM too: clients and broker share the same cores.");
    OUT.println();

    List<Comparison> rows = new ArrayList<>();
    List<String> heap = new ArrayList<>();
    OUT.println("Starting an embedded Kafka broker (KRaft) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Bench bench = new Bench(OUT, kafka, events, warmups, rounds);
      Optional<Peer> peer = Peer.load(bench);
      if (peer.isEmpty()) {
        OUT.println(
            "Spring Kafka rows skipped: its peer is compiled only with -Pbench"
                + " (./mvnw -B -Pbench verify).");
      }
      try {
        PublishScenario publish = new PublishScenario(bench, peer);
        if (scenarios.contains("publish")) {
          rows.addAll(publish.run());
        }
        if (scenarios.contains("consume")) {
          rows.addAll(new ConsumeScenario(bench, peer).run(publish));
        }
        if (scenarios.contains("process")) {
          rows.addAll(new ProcessScenario(bench).run(publish));
        }
        if (scenarios.contains("restore")) {
          RestoreScenario.Result restore =
              new RestoreScenario(bench, restoreEvents, restoreOrders, restoreRounds).run();
          rows.addAll(restore.rows());
          heap.addAll(restore.heap());
        }
      } finally {
        peer.ifPresent(Peer::close);
      }
    }

    OUT.println();
    OUT.println(
        "Results: median over all measured rounds [min .. max]; candidate vs baseline; ratio of"
            + " the medians");
    int width = rows.stream().mapToInt(row -> row.label().length()).max().orElse(0);
    for (Comparison row : rows) {
      OUT.println(row.format(width));
    }
    for (String line : heap) {
      OUT.println("restore  " + line);
    }
    OUT.println();
    OUT.println(
        "ratio: events per second candidate / baseline (1.00 = as fast, below 1 = slower); for the"
            + " snapshot row, time from start to caught up, snapshot / full restore.");
    OUT.println(
        "publish: every variant serializes the Order per record; timed until all sends are"
            + " acknowledged (flush).");
    OUT.println(
        "consume: every variant creates its consumer in a fresh group inside the timed region and"
            + " parses every Order.");
    OUT.println(
        "restore: timed from creating the consumer until the state holds every event up to the end"
            + " offsets seen at the start.");
    OUT.printf(
        Locale.ROOT, "Total time %.1f s. Broker stopped.%n", (System.nanoTime() - started) / 1e9);
  }

  private static final Set<String> SCENARIOS = Set.of("publish", "consume", "process", "restore");

  /** {@code bench.scenarios}: a comma-separated subset of publish, consume, process, restore. */
  private static Set<String> scenarios() {
    String text = System.getProperty("bench.scenarios", "");
    if (text.isBlank()) {
      return SCENARIOS;
    }
    Set<String> chosen = new TreeSet<>();
    for (String name : text.split(",")) {
      String scenario = name.trim().toLowerCase(Locale.ROOT);
      if (!SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "bench.scenarios names publish, consume, process or restore (comma-separated), but was "
                + text);
      }
      chosen.add(scenario);
    }
    return chosen;
  }

  private static int positiveProperty(String name, int defaultValue) {
    int value = nonNegativeProperty(name, defaultValue);
    if (value == 0) {
      throw new IllegalArgumentException(name + " must be a positive whole number, but was 0");
    }
    return value;
  }

  private static int nonNegativeProperty(String name, int defaultValue) {
    String text = System.getProperty(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.trim().replace("_", ""));
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number >= 0, but was " + text);
  }
}
