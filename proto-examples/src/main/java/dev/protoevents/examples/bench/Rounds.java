package dev.protoevents.examples.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the variants of one scenario in balanced rounds and keeps every measured time.
 *
 * <p>The order of the variants in each round is a row of a Williams Latin square (rotated first row
 * {@code 0, 1, n-1, 2, n-2, ...}; for an odd number of variants the mirrored square follows). The
 * number of measured rounds is rounded up to a multiple of the number of variants, so every variant
 * runs first, in the middle and last equally often, and with an even number of variants (or two
 * squares for an odd number) every variant also follows every other one equally often. So drift
 * (JIT, GC, the broker's page cache) and whatever one variant leaves behind for the next hit all of
 * them alike. Before every run, untimed, a {@code System.gc()} clears what the run before left, as
 * JMH's {@code -gc true} does: a service that restores or starts consuming after a restart starts
 * on a fresh heap too. Warm-up rounds run the same rotation and are not counted. Nothing is
 * dropped: the statistics use every measured round.
 */
final class Rounds {

  /** One thing to time: runs once and returns the elapsed nanoseconds. */
  @FunctionalInterface
  interface TimedRun {
    long nanos() throws Exception;
  }

  /** One contender of a scenario. */
  record Variant(String name, TimedRun run) {}

  /** Every measured time of one scenario: {@code nanos[variant][round]}. */
  record Measured(String scenario, List<Variant> variants, long[][] nanos) {
    int rounds() {
      return nanos[0].length;
    }

    long[] of(Variant variant) {
      int index = variants.indexOf(variant);
      if (index < 0) {
        throw new IllegalArgumentException(variant.name() + " is not a variant of " + scenario);
      }
      return nanos[index];
    }
  }

  private Rounds() {}

  /** The smallest multiple of {@code variants} that is at least {@code requested}. */
  static int balanced(int requested, int variants) {
    return ((requested + variants - 1) / variants) * variants;
  }

  /**
   * The order of the variants in round {@code round} (0-based, warm-ups and measured rounds
   * numbered separately).
   */
  static int[] order(int round, int variants) {
    int[] first = new int[variants];
    for (int i = 0, low = 1, high = variants - 1; i < variants; i++) {
      if (i == 0) {
        first[i] = 0;
      } else if (i % 2 == 1) {
        first[i] = low++;
      } else {
        first[i] = high--;
      }
    }
    int row = round % (variants % 2 == 0 ? variants : 2 * variants);
    int[] order = new int[variants];
    for (int i = 0; i < variants; i++) {
      int position = row < variants ? i : variants - 1 - i;
      order[i] = (first[position] + row) % variants;
    }
    return order;
  }

  /**
   * Runs {@code warmups} warm-up rounds, then at least {@code requestedRounds} measured rounds
   * (rounded up as {@link #balanced} says), printing one line per run; {@code unit} turns a run's
   * nanoseconds into the figure printed next to its time (events per second, for example).
   */
  static Measured run(
      PrintStream out,
      String scenario,
      List<Variant> variants,
      int warmups,
      int requestedRounds,
      Figure unit)
      throws Exception {
    int n = variants.size();
    int rounds = balanced(requestedRounds, n);
    long[][] nanos = new long[n][rounds];
    int width = variants.stream().mapToInt(v -> v.name().length()).max().orElse(0);
    for (int round = 0; round < warmups + rounds; round++) {
      boolean warmup = round < warmups;
      int counted = warmup ? round : round - warmups;
      for (int v : order(counted, n)) {
        Variant variant = variants.get(v);
        System.gc(); // not timed: no run pays for the garbage of the one before it
        long elapsed = variant.run().nanos();
        out.printf(
            Locale.ROOT,
            "  %-8s %-10s %-" + width + "s %s  %6.2f s%n",
            scenario,
            warmup ? "warm-up " + (counted + 1) : "round " + (counted + 1),
            variant.name(),
            unit.format(elapsed),
            elapsed / 1e9);
        if (!warmup) {
          nanos[v][counted] = elapsed;
        }
      }
    }
    return new Measured(scenario, List.copyOf(variants), nanos);
  }

  /** Turns one run's nanoseconds into the figure a row shows. */
  interface Figure {
    double of(long nanos);

    /** The value alone, "123,456". */
    String number(double value);

    /** The unit, "ev/s". */
    String unit();

    /** The value with its unit, "123,456 ev/s". */
    default String format(double value) {
      return number(value) + " " + unit();
    }

    default String format(long nanos) {
      return format(of(nanos));
    }

    /** {@code events} per second, "123,456 ev/s". */
    static Figure eventsPerSecond(long events) {
      return new Figure() {
        @Override
        public double of(long nanos) {
          return events * 1e9 / nanos;
        }

        @Override
        public String number(double value) {
          return String.format(Locale.ROOT, "%,9.0f", value);
        }

        @Override
        public String unit() {
          return "ev/s";
        }
      };
    }

    /** Seconds, "1.234 s". */
    static Figure seconds() {
      return new Figure() {
        @Override
        public double of(long nanos) {
          return nanos / 1e9;
        }

        @Override
        public String number(double value) {
          return String.format(Locale.ROOT, "%7.3f", value);
        }

        @Override
        public String unit() {
          return "s";
        }
      };
    }
  }

  /** Median, minimum and maximum of every measured round of one variant, in a figure's unit. */
  record Stats(double median, double min, double max) {
    static Stats of(long[] nanos, Figure figure) {
      double[] values = Arrays.stream(nanos).mapToDouble(figure::of).sorted().toArray();
      int middle = values.length / 2;
      double median =
          values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
      return new Stats(median, values[0], values[values.length - 1]);
    }

    String format(Figure figure) {
      return figure.format(median)
          + " ["
          + figure.number(min).trim()
          + " .. "
          + figure.number(max).trim()
          + "]";
    }
  }
}
