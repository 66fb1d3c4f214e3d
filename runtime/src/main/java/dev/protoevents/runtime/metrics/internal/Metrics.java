package dev.protoevents.runtime.metrics.internal;

import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.process.ProcessorStats;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The meters of one publisher, subscriber or feed: {@link #NOOP} unless the configuration names a
 * Micrometer registry under {@link ProtoeventsConfig#METRICS_REGISTRY}. Only {@link #from} and
 * {@link #forRegistry} know the Micrometer implementation, and only by name, so this type loads
 * without Micrometer on the class path.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.from(kafkaConfig);
 * AutoCloseable binding = metrics.bindClient(producer);
 * }</pre>
 */
public interface Metrics {

  /** Records nothing. */
  Metrics NOOP = new NoopMetrics();

  /** Micrometer's registry type, looked up by name. */
  String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

  /** The Micrometer implementation, looked up by name. */
  String MICROMETER_METRICS_CLASS = "dev.protoevents.runtime.metrics.internal.MicrometerMetrics";

  /**
   * The metrics {@code config} asks for: {@link #NOOP} without {@link
   * ProtoeventsConfig#METRICS_REGISTRY}, else Micrometer's.
   *
   * @throws IllegalArgumentException if the setting is not a Micrometer {@code MeterRegistry}
   */
  static Metrics from(Map<String, ?> config) {
    Object registry = config.get(ProtoeventsConfig.METRICS_REGISTRY);
    return registry == null ? NOOP : forRegistry(registry, ProtoeventsConfig.METRICS_REGISTRY);
  }

  /**
   * Micrometer metrics recording into {@code registry}.
   *
   * @param what names the setting or argument in the error message
   * @throws IllegalArgumentException if {@code registry} is not a Micrometer {@code MeterRegistry}
   *     or Micrometer is not on the class path
   */
  static Metrics forRegistry(Object registry, String what) {
    Class<?> registryClass;
    try {
      registryClass = Class.forName(REGISTRY_CLASS, false, Metrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          what
              + " is set to a "
              + registry.getClass().getName()
              + ", but Micrometer ("
              + REGISTRY_CLASS
              + ") is not on protoevents' class path; add io.micrometer:micrometer-core",
          e);
    }
    if (!registryClass.isInstance(registry)) {
      throw new IllegalArgumentException(
          what + " must be a " + REGISTRY_CLASS + ", but was a " + registry.getClass().getName());
    }
    try {
      return (Metrics)
          Class.forName(MICROMETER_METRICS_CLASS)
              .getConstructor(Object.class)
              .newInstance(registry);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot set up Micrometer metrics", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set up Micrometer metrics", e);
    }
  }

  /** True if this records anything. */
  boolean enabled();

  /**
   * Binds the producer's own metrics (Micrometer's {@code KafkaClientMetrics}).
   *
   * @return unbinds them; close it before or with the producer
   */
  AutoCloseable bindClient(Producer<?, ?> producer);

  /**
   * Binds the consumer's own metrics (Micrometer's {@code KafkaClientMetrics}).
   *
   * @return unbinds them; close it before or with the consumer
   */
  AutoCloseable bindClient(Consumer<?, ?> consumer);

  /** The meters of a publisher. */
  PublishMeters publish();

  /** The meters of one subscription of {@code group} to {@code topic}. */
  SubscriptionMeters subscription(String topic, String group);

  /** The meters of the state feed {@code feed}; {@code eventsApplied} counts what it applied. */
  FeedMeters feed(String feed, LongSupplier eventsApplied);

  /** The meters of the processor of {@code group} on {@code topic}, read from {@code stats}. */
  ProcessorMeters processor(String topic, String group, Supplier<ProcessorStats> stats);

  /**
   * Records a health component's status as a gauge ({@code 2} running, {@code 1} starting or
   * degraded, {@code 0} stopped).
   *
   * @return removes the gauge
   */
  AutoCloseable healthGauge(String component, String kind, Supplier<Integer> level);
}
