/**
 * Metrics of the runtime through Micrometer, an optional dependency: put a {@code MeterRegistry}
 * into the configuration under {@link dev.protoevents.runtime.ProtoeventsConfig#METRICS_REGISTRY}
 * and publishers, subscriptions and state feeds record the meters {@link
 * dev.protoevents.runtime.metrics.MeterNames} lists. Without it nothing is recorded.
 */
package dev.protoevents.runtime.metrics;
