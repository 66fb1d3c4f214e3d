package dev.protoevents.runtime.health;

import java.util.Objects;

/**
 * The health of one component.
 *
 * <pre>{@code
 * new ComponentHealth("billing-processor", "processor", HealthStatus.RUNNING, "running");
 * }</pre>
 *
 * @param name the component, for example {@code billing/io.restorecommerce.order.resource}
 * @param kind {@code subscription}, {@code feed}, {@code processor} or a kind of the caller's own
 * @param status how it is doing
 * @param reason why, in a few words (the state and, for a failure, its message)
 */
public record ComponentHealth(String name, String kind, HealthStatus status, String reason) {

  /** Checks that nothing is null. */
  public ComponentHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return kind + " " + name + ": " + status + " (" + reason + ")";
  }
}
