package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Figure;
import dev.protoevents.examples.bench.Rounds.Measured;
import dev.protoevents.examples.bench.Rounds.Stats;
import dev.protoevents.examples.bench.Rounds.Variant;
import java.util.Locale;

/**
 * One row of the results: a protoevents variant against a baseline of the same scenario, each as
 * the median over all measured rounds with [min .. max], and the ratio of the medians.
 *
 * @param ratioOfTimes false: ratio = protoevents / baseline in the figure (events per second, 1.00
 *     = as fast, below 1 = slower); true: ratio = protoevents time / baseline time (below 1 =
 *     faster)
 */
record Comparison(
    String scenario,
    int rounds,
    Variant baselineVariant,
    Stats baseline,
    Variant candidateVariant,
    Stats candidate,
    Figure figure,
    boolean ratioOfTimes,
    String target) {

  static Comparison of(
      Measured measured, Variant baseline, Variant candidate, Figure figure, String target) {
    return new Comparison(
        measured.scenario(),
        measured.rounds(),
        baseline,
        Stats.of(measured.of(baseline), figure),
        candidate,
        Stats.of(measured.of(candidate), figure),
        figure,
        false,
        target);
  }

  /** A comparison of times, ratio = candidate time / baseline time. */
  static Comparison ofTimes(Measured measured, Variant baseline, Variant candidate, String target) {
    Figure seconds = Figure.seconds();
    return new Comparison(
        measured.scenario(),
        measured.rounds(),
        baseline,
        Stats.of(measured.of(baseline), seconds),
        candidate,
        Stats.of(measured.of(candidate), seconds),
        seconds,
        true,
        target);
  }

  double ratio() {
    return candidate.median() / baseline.median();
  }

  String label() {
    return scenario + "  " + candidateVariant.name() + "  vs  " + baselineVariant.name();
  }

  String format(int width) {
    return String.format(
        Locale.ROOT,
        "%-" + width + "s  %s  vs  %s  ratio %.2f%s  (%d rounds)",
        label(),
        candidate.format(figure),
        baseline.format(figure),
        ratio(),
        target.isEmpty() ? "" : " (target " + target + ")",
        rounds);
  }
}
