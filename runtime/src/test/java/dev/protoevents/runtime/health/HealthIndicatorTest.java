package dev.protoevents.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How states map to health, how a report sums it up, and what a failing indicator gives. */
class HealthIndicatorTest {

  @Test
  void everySubscriptionStateMapsToOneHealthStatus() {
    Map<SubscriptionState, HealthStatus> expected = new EnumMap<>(SubscriptionState.class);
    expected.put(SubscriptionState.STARTING, HealthStatus.STARTING);
    expected.put(SubscriptionState.RUNNING, HealthStatus.RUNNING);
    expected.put(SubscriptionState.PAUSED, HealthStatus.RUNNING);
    expected.put(SubscriptionState.DEGRADED, HealthStatus.DEGRADED);
    expected.put(SubscriptionState.STOPPING, HealthStatus.STOPPED);
    expected.put(SubscriptionState.STOPPED, HealthStatus.STOPPED);
    expected.put(SubscriptionState.FAILED, HealthStatus.STOPPED);
    for (SubscriptionState state : SubscriptionState.values()) {
      ComponentHealth health =
          HealthIndicator.of(
                  "billing/orders",
                  "processor",
                  () -> state,
                  () -> Optional.of(new IllegalStateException("fenced")))
              .health();
      assertEquals(expected.get(state), health.status(), state.name());
      assertEquals("processor", health.kind());
    }
    assertEquals(
        "failed: IllegalStateException: fenced",
        HealthIndicator.of(
                "p",
                "processor",
                () -> SubscriptionState.FAILED,
                () -> Optional.of(new IllegalStateException("fenced")))
            .health()
            .reason());
  }

  @Test
  void aProcessorIsNamedAfterGroupAndTopicAndMappedFromItsState() {
    EventProcessor processor =
        new EventProcessor() {
          @Override
          public String topic() {
            return "orders";
          }

          @Override
          public String groupId() {
            return "billing";
          }

          @Override
          public String transactionalId() {
            return "billing-orders";
          }

          @Override
          public SubscriptionState state() {
            return SubscriptionState.PAUSED;
          }

          @Override
          public Optional<Throwable> failure() {
            return Optional.empty();
          }

          @Override
          public ProcessorStats stats() {
            return new ProcessorStats(0, 0, 0, 0, 0, 0, 0);
          }

          @Override
          public boolean awaitAssignment(Duration timeout) {
            return true;
          }

          @Override
          public boolean awaitTermination(Duration timeout) {
            return true;
          }

          @Override
          public void close(Duration timeout) {}

          @Override
          public void close() {}
        };
    assertEquals(
        List.of(
            new ComponentHealth(
                "billing/orders",
                "processor",
                HealthStatus.RUNNING,
                "running; a failed event waits for its retry")),
        HealthCheck.create().add(processor).check().components());
  }

  @Test
  void reportIsTheWorstComponentAndReadyOnlyWhenAllRun() {
    ComponentHealth running = new ComponentHealth("a", "feed", HealthStatus.RUNNING, "live");
    ComponentHealth starting = new ComponentHealth("b", "feed", HealthStatus.STARTING, "restoring");
    ComponentHealth degraded = new ComponentHealth("c", "x", HealthStatus.DEGRADED, "slow");
    assertTrue(HealthReport.of(List.of()).isReady());
    assertTrue(HealthReport.of(List.of(running)).isReady());
    assertEquals(HealthStatus.STARTING, HealthReport.of(List.of(running, starting)).status());
    assertEquals(
        HealthStatus.DEGRADED, HealthReport.of(List.of(degraded, starting, running)).status());
    assertFalse(HealthReport.of(List.of(running, degraded)).isReady());
  }

  @Test
  void anIndicatorThatThrowsIsReportedDegradedWithTheException() {
    HealthIndicator broken =
        () -> {
          throw new IllegalStateException("pool closed");
        };
    HealthReport report = HealthCheck.create().add(broken).check();
    assertEquals(HealthStatus.DEGRADED, report.status());
    assertTrue(
        report.components().get(0).reason().contains("IllegalStateException: pool closed"),
        report.toString());
  }
}
