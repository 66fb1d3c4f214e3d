package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoeventsConfigTest {

  @Test
  void publisherWithoutBootstrapServersFailsFastSayingSo() {
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> EventPublisher.create(Map.of()));

    assertTrue(failure.getMessage().contains("bootstrap.servers"), failure.getMessage());
    assertTrue(failure.getMessage().contains("missing"), failure.getMessage());
  }

  @Test
  void publisherAcceptsWeakerAcksWithoutIdempotence() {
    EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", "localhost:9", "acks", "1"));

    publisher.close(Duration.ZERO);
  }

  @Test
  void blankBootstrapServersAreRejectedQuotingTheValue() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventSubscriber.create(Map.of("bootstrap.servers", "  ", "group.id", "g")));

    assertTrue(failure.getMessage().contains("'  '"), failure.getMessage());
  }

  @Test
  void subscriberWithoutGroupIdFailsFast() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventSubscriber.create(Map.of("bootstrap.servers", "localhost:9092")));

    assertTrue(failure.getMessage().contains("group.id"), failure.getMessage());
  }

  @Test
  void unknownProtoeventsSettingIsRejected() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EventSubscriber.create(
                    Map.of(
                        "bootstrap.servers", "localhost:9092",
                        "group.id", "g",
                        "protoevents.retry.max.atempts", 3)));

    assertTrue(
        failure.getMessage().contains("protoevents.retry.max.atempts"), failure.getMessage());
  }

  @Test
  void invalidRetrySettingIsRejectedQuotingTheValue() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProtoeventsConfig.retryPolicy(
                    Map.of(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, "many")));

    assertTrue(failure.getMessage().contains("'many'"), failure.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ProtoeventsConfig.retryPolicy(Map.of(ProtoeventsConfig.RETRY_MAX_ATTEMPTS, 0)));
  }

  @Test
  void protoeventsSettingsAreStrippedBeforeKafkaSeesThem() {
    Map<String, Object> kafka =
        ProtoeventsConfig.kafkaProperties(
            Map.of(
                "bootstrap.servers",
                "localhost:9092",
                "linger.ms",
                5,
                ProtoeventsConfig.RETRY_BACKOFF_MS,
                1));

    assertEquals(Map.of("bootstrap.servers", "localhost:9092", "linger.ms", 5), kafka);
    assertFalse(kafka.containsKey(ProtoeventsConfig.RETRY_BACKOFF_MS));
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    ProtoeventsConfig.RetryPolicy defaults = ProtoeventsConfig.retryPolicy(Map.of());
    assertEquals(5, defaults.maxAttempts());
    assertEquals(100, defaults.backoffAfter(1));
    assertEquals(200, defaults.backoffAfter(2));
    assertEquals(800, defaults.backoffAfter(4));
    assertEquals(5000, defaults.backoffAfter(10));
    assertEquals(5000, defaults.backoffAfter(Integer.MAX_VALUE));
  }
}
