package dev.protoevents.runtime.health;

/**
 * How a component is doing, from best to worst; a report's overall status is the worst of its
 * components'.
 *
 * <pre>{@code
 * if (!health.check().status().isReady()) return 503;
 * }</pre>
 */
public enum HealthStatus {
  /** Working: events flow (a subscription waiting out a retry's backoff counts as running). */
  RUNNING,
  /** Not ready yet, nothing wrong: a subscription joining its group, a feed restoring its state. */
  STARTING,
  /**
   * Still trying, but not working: the broker does not answer commits, polls or dead-letter writes.
   * It recovers on its own once the broker answers again.
   */
  DEGRADED,
  /** Ended: closed, or stopped on a failure (the reason says which). It does not come back. */
  STOPPED;

  /** True for {@link #RUNNING} only. */
  public boolean isReady() {
    return this == RUNNING;
  }

  /** The worse of this and {@code other}. */
  public HealthStatus worst(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
