package dev.protoevents.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The declared shape of a resource topic: its name, partition count, replication factor and
 * topic-level settings. Generated per resource ({@code OrderTopic.SPEC}).
 *
 * @param name the topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor replication factor, or empty for the broker's default
 * @param configs topic-level settings such as {@code retention.ms}, sorted by name
 */
public record TopicSpec(
    String name, int partitions, Optional<Short> replicationFactor, Map<String, String> configs) {

  /** Checks the values and copies {@code configs} into an unmodifiable sorted map. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("topic name must not be empty");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of topic " + name + " must be >= 1 but was " + partitions);
    }
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    replicationFactor.ifPresent(
        factor -> {
          if (factor < 1) {
            throw new IllegalArgumentException(
                "replication factor of topic " + name + " must be >= 1 but was " + factor);
          }
        });
    configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
  }

  /** A topic with {@code partitions} partitions and the broker's defaults for everything else. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, Optional.empty(), Map.of());
  }

  /** The same spec with the given replication factor. */
  public TopicSpec withReplicationFactor(int factor) {
    if (factor < 1 || factor > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "replication factor of topic "
              + name
              + " must be in 1.."
              + Short.MAX_VALUE
              + " but was "
              + factor);
    }
    return new TopicSpec(name, partitions, Optional.of((short) factor), configs);
  }

  /** The same spec with one more topic-level setting. */
  public TopicSpec withConfig(String key, String value) {
    Map<String, String> copy = new TreeMap<>(configs);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new TopicSpec(name, partitions, replicationFactor, copy);
  }
}
