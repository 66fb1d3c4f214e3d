package dev.protoevents.runtime.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/** Kafka client properties as the runtime's clients derive them from the user's configuration. */
public final class ClientProperties {
  private ClientProperties() {}

  /**
   * The entries of {@code properties} whose key is one of {@code names} (such as {@code
   * ProducerConfig.configNames()}), in a new mutable map.
   */
  public static Map<String, Object> only(Map<String, Object> properties, Set<String> names) {
    Map<String, Object> kept = new HashMap<>();
    properties.forEach(
        (key, value) -> {
          if (names.contains(key)) {
            kept.put(key, value);
          }
        });
    return kept;
  }

  /**
   * Sets the cooperative sticky assignor unless an assignor is configured, or the group uses the
   * new consumer protocol (KIP-848), which assigns on the broker and rejects a client assignor.
   */
  public static void defaultAssignor(Map<String, Object> properties) {
    if (!"consumer".equalsIgnoreCase(String.valueOf(properties.get("group.protocol")))) {
      properties.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
  }
}
