package dev.protoevents.runtime.metrics.internal;

import dev.protoevents.runtime.process.ProcessorStats;
import dev.protoevents.runtime.restore.RestoreProgress;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** {@link Metrics#NOOP}: shared stateless hooks that do nothing. */
final class NoopMetrics
    implements Metrics, PublishMeters, SubscriptionMeters, FeedMeters, ProcessorMeters {

  private static final AutoCloseable NOTHING = () -> {};

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public AutoCloseable bindClient(Producer<?, ?> producer) {
    return NOTHING;
  }

  @Override
  public AutoCloseable bindClient(Consumer<?, ?> consumer) {
    return NOTHING;
  }

  @Override
  public PublishMeters publish() {
    return this;
  }

  @Override
  public SubscriptionMeters subscription(String topic, String group) {
    return this;
  }

  @Override
  public FeedMeters feed(String feed, LongSupplier eventsApplied) {
    return this;
  }

  @Override
  public ProcessorMeters processor(String topic, String group, Supplier<ProcessorStats> stats) {
    return this;
  }

  @Override
  public AutoCloseable healthGauge(String component, String kind, Supplier<Integer> level) {
    return NOTHING;
  }

  @Override
  public long start() {
    return 0;
  }

  @Override
  public void published(String topic, String eventType, long start, boolean ok) {}

  @Override
  public long callStarted() {
    return 0;
  }

  @Override
  public void callEnded(long start) {}

  @Override
  public void handled(long count) {}

  @Override
  public void retried() {}

  @Override
  public void deadLettered(String reason) {}

  @Override
  public void unknown(String eventType) {}

  @Override
  public void polled(Consumer<?, ?> consumer) {}

  @Override
  public void restoreProgress(Supplier<RestoreProgress> progress) {}

  @Override
  public void retried(String topic) {}

  @Override
  public void unknown(String topic, String eventType) {}

  @Override
  public void close() {}
}
