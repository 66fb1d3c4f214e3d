package dev.protoevents.generator.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The resource topic as declared: its name, partitions, replication factor and settings.
 *
 * @param name the topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor replication factor, or empty for the broker's default
 * @param configs topic-level settings, sorted by key
 */
public record TopicDeclaration(
    String name,
    int partitions,
    Optional<Integer> replicationFactor,
    SortedMap<String, String> configs) {
  /** Copies the settings into an unmodifiable sorted map. */
  public TopicDeclaration {
    configs = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(configs)));
  }
}
