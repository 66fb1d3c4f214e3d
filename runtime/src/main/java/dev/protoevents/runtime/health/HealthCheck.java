package dev.protoevents.runtime.health;

import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.metrics.MeterNames;
import dev.protoevents.runtime.metrics.internal.Metrics;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.restore.StateFeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a service's subscriptions, state feeds and other components how they are doing, for a
 * readiness or liveness endpoint. Thread-safe; components can be added and removed at run time.
 *
 * <pre>{@code
 * HealthCheck health = HealthCheck.create().add(subscription).add(feed);
 * HealthReport report = health.check();   // report.isReady(), report.components()
 * }</pre>
 *
 * <p>A component that is closed on purpose (an unsubscribe at run time) reports {@link
 * HealthStatus#STOPPED} like one that failed, until it is {@link #remove removed}.
 */
public final class HealthCheck {

  private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

  private final Object lock = new Object();
  private final Map<Object, Entry> components = new LinkedHashMap<>(); // guarded by lock
  private final List<Metrics> bindings = new ArrayList<>(); // guarded by lock

  private HealthCheck() {}

  /** An empty health check; its report is {@link HealthStatus#RUNNING} until components join. */
  public static HealthCheck create() {
    return new HealthCheck();
  }

  /** Adds a subscription ({@link HealthIndicator#of(Subscription)}). */
  public HealthCheck add(Subscription subscription) {
    return add(subscription, HealthIndicator.of(subscription));
  }

  /** Adds a state feed ({@link HealthIndicator#of(StateFeed)}). */
  public HealthCheck add(StateFeed feed) {
    return add(feed, HealthIndicator.of(feed));
  }

  /** Adds a processor ({@link HealthIndicator#of(EventProcessor)}). */
  public HealthCheck add(EventProcessor processor) {
    return add(processor, HealthIndicator.of(processor));
  }

  /** Adds a component of any kind. */
  public HealthCheck add(HealthIndicator indicator) {
    return add(indicator, indicator);
  }

  private HealthCheck add(Object key, HealthIndicator indicator) {
    Objects.requireNonNull(indicator, "indicator");
    synchronized (lock) {
      if (components.containsKey(key)) {
        return this;
      }
      Entry entry = new Entry(indicator);
      components.put(key, entry);
      bindings.forEach(entry::bind);
    }
    return this;
  }

  /**
   * Removes a subscription, state feed, processor or indicator added before, for example after
   * closing it on purpose.
   *
   * @return true if it was there
   */
  public boolean remove(Object component) {
    Entry entry;
    synchronized (lock) {
      entry = components.remove(component);
    }
    if (entry == null) {
      return false;
    }
    entry.unbind();
    return true;
  }

  /**
   * Asks every component now. A component whose indicator throws is reported {@link
   * HealthStatus#DEGRADED} with the exception as the reason.
   */
  public HealthReport check() {
    List<Entry> entries;
    synchronized (lock) {
      entries = new ArrayList<>(components.values());
    }
    List<ComponentHealth> result = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      result.add(entry.health());
    }
    return HealthReport.of(result);
  }

  /**
   * Also records each component's status, now and added later, as the gauge {@value
   * MeterNames#HEALTH} (2 running, 1 starting or degraded, 0 stopped; tags {@code component},
   * {@code kind}) in a Micrometer registry.
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}; typed {@code
   *     Object} so that this class loads without Micrometer
   * @throws IllegalArgumentException if it is not a {@code MeterRegistry} or Micrometer is absent
   */
  public HealthCheck bindTo(Object meterRegistry) {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Metrics metrics = Metrics.forRegistry(meterRegistry, "meterRegistry");
    synchronized (lock) {
      bindings.add(metrics);
      components.values().forEach(entry -> entry.bind(metrics));
    }
    return this;
  }

  /** The gauge level of {@code status}. */
  static int level(HealthStatus status) {
    return switch (status) {
      case RUNNING -> 2;
      case STARTING, DEGRADED -> 1;
      case STOPPED -> 0;
    };
  }

  /** One component and its gauges. */
  private static final class Entry {
    private final HealthIndicator indicator;
    private final List<AutoCloseable> gauges = new ArrayList<>(); // guarded by HealthCheck.lock

    Entry(HealthIndicator indicator) {
      this.indicator = indicator;
    }

    ComponentHealth health() {
      try {
        return Objects.requireNonNull(indicator.health(), "health() returned null");
      } catch (RuntimeException e) {
        return new ComponentHealth(
            indicator.toString(), "unknown", HealthStatus.DEGRADED, "health check failed: " + e);
      }
    }

    void bind(Metrics metrics) {
      ComponentHealth now = health();
      gauges.add(metrics.healthGauge(now.name(), now.kind(), () -> level(health().status())));
    }

    void unbind() {
      for (AutoCloseable gauge : gauges) {
        try {
          gauge.close();
        } catch (Exception e) {
          log.warn("could not remove a health gauge", e);
        }
      }
    }
  }
}
