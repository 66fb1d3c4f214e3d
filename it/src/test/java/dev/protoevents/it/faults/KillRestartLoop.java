package dev.protoevents.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.protoevents.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The kill/restart loop of the process-kill fault tests: runs a child JVM and, as often as asked,
 * waits until it got far enough, kills it with SIGKILL and starts it again. Closing it stops the
 * child that runs.
 *
 * <pre>{@code
 * try (KillRestartLoop loop = KillRestartLoop.start(spec, log, "consumer")) {
 *   List<String> kills = loop.killRepeatedly(5, timeout, position, progress, next, what, note);
 * }
 * }</pre>
 */
final class KillRestartLoop implements AutoCloseable {

  /**
   * One kill's line in the figures, from its number, the position before and after it, its exit.
   */
  interface KillNote {
    String describe(int kill, long before, long at, int exitValue);
  }

  private final ChildJvm.Spec spec;
  private final Path log;
  private final String process;
  private ChildJvm child;

  private KillRestartLoop(ChildJvm.Spec spec, Path log, String process) {
    this.spec = spec;
    this.log = log;
    this.process = process;
    this.child = ChildJvm.start(spec, log);
  }

  /** Starts the child JVM of {@code spec}, logging to {@code log}; {@code process} names it. */
  static KillRestartLoop start(ChildJvm.Spec spec, Path log, String process) {
    return new KillRestartLoop(spec, log, process);
  }

  /** The child that runs now. */
  ChildJvm child() {
    return child;
  }

  /**
   * Kills and restarts the child {@code kills} times. Before each kill it waits (up to {@code
   * timeout}, failing if the child ends) until {@code progress}, read on each check, reaches {@code
   * nextTarget} applied to {@code position}; it returns one {@code note} a kill.
   */
  List<String> killRepeatedly(
      int kills,
      Duration timeout,
      LongSupplier position,
      LongSupplier progress,
      LongUnaryOperator nextTarget,
      LongFunction<String> waitingFor,
      KillNote note)
      throws InterruptedException {
    List<String> notes = new ArrayList<>();
    for (int kill = 1; kill <= kills; kill++) {
      long before = position.getAsLong();
      long target = nextTarget.applyAsLong(before);
      ChildJvm running = child;
      Await.until(
          timeout,
          waitingFor.apply(target),
          () -> {
            if (!running.isAlive()) {
              throw new AssertionError(process + " process ended: " + running.tail(30));
            }
            return progress.getAsLong() >= target;
          });
      child.kill();
      notes.add(note.describe(kill, before, position.getAsLong(), child.exitValue()));
      assertEquals(137, child.exitValue(), "exit code of a SIGKILLed JVM");
      child = ChildJvm.start(spec, log);
    }
    return notes;
  }

  @Override
  public void close() {
    try {
      child.stop(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
