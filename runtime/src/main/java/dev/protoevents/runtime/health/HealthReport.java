package dev.protoevents.runtime.health;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link HealthCheck} found: the overall status (the worst component's; {@link
 * HealthStatus#RUNNING} with no components) and each component's.
 *
 * <pre>{@code
 * HealthReport report = health.check();
 * response.status(report.isReady() ? 200 : 503).body(report.toString());
 * }</pre>
 *
 * @param status the overall status
 * @param components each component, in the order they were added
 */
public record HealthReport(HealthStatus status, List<ComponentHealth> components) {

  /** Checks that nothing is null and keeps the list unmodifiable. */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    components = List.copyOf(components);
  }

  /** A report whose status is the worst of {@code components}. */
  public static HealthReport of(List<ComponentHealth> components) {
    HealthStatus overall = HealthStatus.RUNNING;
    for (ComponentHealth component : components) {
      overall = overall.worst(component.status());
    }
    return new HealthReport(overall, components);
  }

  /** True if every component is {@link HealthStatus#RUNNING}. */
  public boolean isReady() {
    return status.isReady();
  }

  /** One line per component after the overall status. */
  @Override
  public String toString() {
    return status
        + components.stream()
            .map(ComponentHealth::toString)
            .collect(Collectors.joining("\n  ", components.isEmpty() ? "" : "\n  ", ""));
  }
}
