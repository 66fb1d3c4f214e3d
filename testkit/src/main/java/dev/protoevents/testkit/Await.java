package dev.protoevents.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for tests of asynchronous code: polls often, returns as
 * soon as the condition holds and fails with a description when time runs out, so tests neither
 * sleep a fixed time nor hang.
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(10), "3 events received", () -> received.size() == 3);
 * }</pre>
 */
public final class Await {

  private static final long POLL_INTERVAL_MILLIS = 10;

  private Await() {}

  /**
   * Returns once {@code condition} is true.
   *
   * @throws AssertionError naming {@code description} if it is still false after {@code timeout}
   */
  public static void until(Duration timeout, String description, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    value(
        timeout,
        description,
        () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /**
   * Returns the first value {@code probe} yields.
   *
   * @throws AssertionError naming {@code description} if it yields none within {@code timeout}
   */
  public static <T> T value(Duration timeout, String description, Supplier<Optional<T>> probe) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(probe, "probe");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + description);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + description, e);
      }
    }
  }
}
