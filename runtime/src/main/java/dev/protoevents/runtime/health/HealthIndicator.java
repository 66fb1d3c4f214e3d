package dev.protoevents.runtime.health;

import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.restore.StateFeed;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One component a {@link HealthCheck} asks. Subscriptions and state feeds have ready-made ones;
 * anything else (a processor, a connection of the service's own) can implement this.
 *
 * <pre>{@code
 * health.add(() -> new ComponentHealth("mailer", "smtp", smtp.isUp() ? RUNNING : DEGRADED, "..."));
 * }</pre>
 */
@FunctionalInterface
public interface HealthIndicator {

  /**
   * The component's health now. Called on the thread that runs {@link HealthCheck#check()}; it must
   * return quickly and not block on I/O.
   */
  ComponentHealth health();

  /**
   * A subscription's health, named {@code <group>/<topic>}, from its {@link SubscriptionState}:
   * {@code STARTING} is starting; {@code RUNNING} and {@code PAUSED} (a failed event waits for its
   * retry) are running; {@code DEGRADED} is degraded; {@code STOPPING}, {@code STOPPED} and {@code
   * FAILED} are stopped, the last with the failure in the reason.
   */
  static HealthIndicator of(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    return of(
        subscription.groupId() + "/" + subscription.topic(),
        "subscription",
        subscription::state,
        subscription::failure);
  }

  /**
   * A processor's health, named {@code <group>/<topic>}, kind {@code processor}, from its {@link
   * SubscriptionState} as for {@linkplain #of(Subscription) subscriptions}.
   */
  static HealthIndicator of(EventProcessor processor) {
    Objects.requireNonNull(processor, "processor");
    return of(
        processor.groupId() + "/" + processor.topic(),
        "processor",
        processor::state,
        processor::failure);
  }

  /**
   * The health of any component whose states are {@link SubscriptionState}s (a component of the
   * service's own: {@code HealthIndicator.of("mailer", "smtp", mailer::state, mailer::failure)}),
   * mapped as for {@linkplain #of(Subscription) subscriptions}.
   */
  static HealthIndicator of(
      String name,
      String kind,
      Supplier<SubscriptionState> state,
      Supplier<Optional<Throwable>> failure) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(failure, "failure");
    return () -> {
      SubscriptionState now = state.get();
      return new ComponentHealth(
          name,
          kind,
          switch (now) {
            case STARTING -> HealthStatus.STARTING;
            case RUNNING, PAUSED -> HealthStatus.RUNNING;
            case DEGRADED -> HealthStatus.DEGRADED;
            case STOPPING, STOPPED, FAILED -> HealthStatus.STOPPED;
          },
          switch (now) {
            case STARTING -> "starting: no partitions assigned yet";
            case RUNNING -> "running";
            case PAUSED -> "running; a failed event waits for its retry";
            case DEGRADED -> "degraded: the broker does not answer; retrying";
            case STOPPING -> "closing";
            case STOPPED -> "closed";
            case FAILED -> "failed: " + describe(failure.get().orElse(null));
          });
    };
  }

  /**
   * A state feed's health, named after the feed: {@code RESTORING} is starting, {@code LIVE}
   * running, {@code FAILED} and {@code CLOSED} stopped, the first with the failure in the reason.
   */
  static HealthIndicator of(StateFeed feed) {
    Objects.requireNonNull(feed, "feed");
    return () -> {
      StateFeed.State state = feed.state();
      return new ComponentHealth(
          feed.name(),
          "feed",
          switch (state) {
            case RESTORING -> HealthStatus.STARTING;
            case LIVE -> HealthStatus.RUNNING;
            case FAILED, CLOSED -> HealthStatus.STOPPED;
          },
          switch (state) {
            case RESTORING -> "restoring";
            case LIVE -> "live";
            case FAILED -> "failed: " + describe(feed.failure().orElse(null));
            case CLOSED -> "closed";
          });
    };
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "unknown cause";
    }
    return failure.getMessage() == null
        ? failure.getClass().getName()
        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
