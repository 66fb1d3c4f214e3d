package dev.protoevents.generator.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an option (or the plugin configuration) says about a resource, before any check: every
 * setting is empty when the declaration leaves it out, so that the {@link ModelBuilder} applies the
 * defaults in one place and an explicit {@code partitions: 0} stays distinguishable from unset.
 *
 * @param optionNumber field number of the extension that declared it (errors point at it); 0 for a
 *     resource named in the configuration
 * @param name resource name for the topic
 * @param topic full topic name overriding the pattern
 * @param keyField name of the id field
 * @param partitions partitions of the topic
 * @param replicationFactor replication factor of the topic
 * @param retentionMs {@code retention.ms} of the topic
 * @param cleanupPolicy {@code cleanup.policy} of the topic
 * @param topicConfig further topic settings, sorted by key
 * @param fullStateOnly whether only full states and tombstones go to the topic
 * @param restorecommerce Restorecommerce's {@code kafka_subscriber} event names, for a resource
 *     declared with that option (its deleted message is resolved by the {@link ModelBuilder})
 */
public record ResourceDeclaration(
    int optionNumber,
    Optional<String> name,
    Optional<String> topic,
    Optional<String> keyField,
    Optional<Integer> partitions,
    Optional<Integer> replicationFactor,
    Optional<Long> retentionMs,
    Optional<String> cleanupPolicy,
    Map<String, String> topicConfig,
    boolean fullStateOnly,
    Optional<KafkaSubscriber> restorecommerce) {

  /**
   * Restorecommerce's {@code kafka_subscriber} option: plural and the three event names.
   *
   * @param plural e.g. {@code users}
   * @param created e.g. {@code userCreated}
   * @param updated e.g. {@code userUpdated}
   * @param deleted e.g. {@code userDeleted}
   */
  public record KafkaSubscriber(String plural, String created, String updated, String deleted) {}

  /** A declaration of protoevents' own options. */
  public ResourceDeclaration(
      int optionNumber,
      Optional<String> name,
      Optional<String> topic,
      Optional<String> keyField,
      Optional<Integer> partitions,
      Optional<Integer> replicationFactor,
      Optional<Long> retentionMs,
      Optional<String> cleanupPolicy,
      Map<String, String> topicConfig,
      boolean fullStateOnly) {
    this(
        optionNumber,
        name,
        topic,
        keyField,
        partitions,
        replicationFactor,
        retentionMs,
        cleanupPolicy,
        topicConfig,
        fullStateOnly,
        Optional.empty());
  }

  /** Checks for nulls and copies the map. */
  public ResourceDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(keyField, "keyField");
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    Objects.requireNonNull(retentionMs, "retentionMs");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    Objects.requireNonNull(restorecommerce, "restorecommerce");
    topicConfig = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(topicConfig));
  }

  /** A resource named in the plugin configuration: no option, every setting at its default. */
  public static ResourceDeclaration configured() {
    return new ResourceDeclaration(
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        false);
  }
}
