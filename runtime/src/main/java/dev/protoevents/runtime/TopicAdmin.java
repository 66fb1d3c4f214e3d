package dev.protoevents.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a service's resource topics with their declared settings, so no start-up script is
 * needed, and reports existing topics that differ from their declaration (drift). Thread-safe.
 *
 * <pre>{@code
 * try (TopicAdmin admin = TopicAdmin.create(Map.of("bootstrap.servers", servers))) {
 *   admin.createMissing(List.of(OrderTopic.SPEC, CartTopic.SPEC));
 * }
 * }</pre>
 */
public final class TopicAdmin implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  /** Upper bound for one admin round trip; the admin client's own timeouts normally hit first. */
  private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(2);

  private final Admin admin;
  private final boolean failOnDrift;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TopicAdmin(Admin admin, boolean failOnDrift) {
    this.admin = admin;
    this.failOnDrift = failOnDrift;
  }

  /**
   * An admin configured from plain Kafka admin client properties ({@code bootstrap.servers} is
   * required); of the protoevents settings in the same map, {@link ProtoeventsConfig#TOPIC_DRIFT}
   * applies, the others are ignored.
   *
   * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or empty, or a
   *     protoevents setting is unknown or invalid
   */
  public static TopicAdmin create(Map<String, ?> kafkaConfig) {
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(kafkaConfig);
    boolean failOnDrift = ProtoeventsConfig.failOnTopicDrift(kafkaConfig);
    return new TopicAdmin(Admin.create(properties), failOnDrift);
  }

  /**
   * Creates every topic of {@code specs} that does not exist yet, with the spec's partitions,
   * replication factor and settings, and waits until the broker has created them. Existing topics
   * are left as they are, also when another process creates one at the same time, but checked
   * against their spec ({@link #checkDrift}): each difference is logged as a warning or, if {@link
   * ProtoeventsConfig#TOPIC_DRIFT} is {@code fail}, fails the call. If the client may not describe
   * the topics' settings, that is logged instead (and fails the call in the {@code fail} mode).
   *
   * @throws IllegalArgumentException if two specs name the same topic differently
   * @throws TopicDriftException if existing topics differ from their spec and drift is set to fail
   * @throws IllegalStateException if a topic cannot be created
   */
  public void createMissing(Collection<TopicSpec> specs) {
    Map<String, TopicSpec> byName = byName(specs);
    if (byName.isEmpty()) {
      return;
    }
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<TopicSpec> preexisting = new ArrayList<>();
    List<NewTopic> missing = new ArrayList<>();
    for (TopicSpec spec : byName.values()) {
      if (existing.contains(spec.name())) {
        preexisting.add(spec);
      } else {
        missing.add(
            new NewTopic(spec.name(), Optional.of(spec.partitions()), spec.replicationFactor())
                .configs(spec.configs()));
      }
    }
    if (!missing.isEmpty()) {
      preexisting.addAll(create(missing, byName));
    }
    if (preexisting.isEmpty()) {
      return;
    }
    TopicDrift drift;
    try {
      drift = checkDrift(preexisting);
    } catch (IllegalStateException e) {
      if (failOnDrift || !(e.getCause() instanceof AuthorizationException)) {
        throw e;
      }
      // A principal allowed to create topics but not to describe their configs: creating the
      // missing topics worked before drift checks existed, and still should.
      log.warn("cannot check topics {} for drift: {}", preexisting, e.getCause().toString());
      return;
    }
    if (drift.isEmpty()) {
      return;
    }
    if (failOnDrift) {
      throw new TopicDriftException(drift);
    }
    for (TopicDrift.Difference difference : drift.differences()) {
      log.warn(
          "{}; change the topic or its declaration ({}=fail makes this a start-up failure)",
          difference,
          ProtoeventsConfig.TOPIC_DRIFT);
    }
  }

  /**
   * Compares every existing topic of {@code specs} with its spec: the partition count, the
   * replication factor if declared, and each declared topic setting (values compared as text,
   * {@code cleanup.policy} as a set). Topics that do not exist are skipped; nothing is changed.
   *
   * @return every difference, sorted by topic and setting; empty if all match
   * @throws IllegalArgumentException if two specs name the same topic differently
   * @throws IllegalStateException if the topics cannot be described
   */
  public TopicDrift checkDrift(Collection<TopicSpec> specs) {
    Map<String, TopicSpec> byName = byName(specs);
    if (byName.isEmpty()) {
      return new TopicDrift(List.of());
    }
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    byName.keySet().retainAll(existing);
    if (byName.isEmpty()) {
      return new TopicDrift(List.of());
    }
    Map<String, TopicDescription> descriptions =
        await(admin.describeTopics(byName.keySet()).allTopicNames(), "describe topics");
    List<ConfigResource> resources =
        byName.keySet().stream()
            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
            .toList();
    Map<ConfigResource, Config> configs =
        await(admin.describeConfigs(resources).all(), "describe the settings of topics");
    List<TopicDrift.Difference> differences = new ArrayList<>();
    for (TopicSpec spec : byName.values()) {
      TopicDescription description = descriptions.get(spec.name());
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      differences.addAll(differences(spec, description, config));
    }
    differences.sort(
        Comparator.comparing(TopicDrift.Difference::topic)
            .thenComparing(TopicDrift.Difference::setting));
    return new TopicDrift(differences);
  }

  private static List<TopicDrift.Difference> differences(
      TopicSpec spec, TopicDescription description, Config config) {
    List<TopicDrift.Difference> differences = new ArrayList<>();
    int partitions = description.partitions().size();
    if (partitions != spec.partitions()) {
      differences.add(
          new TopicDrift.Difference(
              spec.name(),
              "partitions",
              String.valueOf(spec.partitions()),
              String.valueOf(partitions)));
    }
    spec.replicationFactor()
        .ifPresent(
            declared -> {
              int actual = description.partitions().get(0).replicas().size();
              if (actual != declared) {
                differences.add(
                    new TopicDrift.Difference(
                        spec.name(),
                        "replication.factor",
                        String.valueOf(declared),
                        String.valueOf(actual)));
              }
            });
    spec.configs()
        .forEach(
            (key, declared) -> {
              ConfigEntry entry = config == null ? null : config.get(key);
              String actual = entry == null || entry.value() == null ? "(not set)" : entry.value();
              if (!sameSetting(key, declared, actual)) {
                differences.add(new TopicDrift.Difference(spec.name(), key, declared, actual));
              }
            });
    return differences;
  }

  private static boolean sameSetting(String key, String declared, String actual) {
    if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
      return policies(declared).equals(policies(actual));
    }
    return declared.trim().equals(actual.trim());
  }

  /** {@code "compact, delete"} and {@code "delete,compact"} are the same policy. */
  private static Set<String> policies(String value) {
    Set<String> policies = new TreeSet<>();
    for (String policy : value.split(",")) {
      if (!policy.isBlank()) {
        policies.add(policy.trim().toLowerCase(Locale.ROOT));
      }
    }
    return policies;
  }

  private Map<String, TopicSpec> byName(Collection<TopicSpec> specs) {
    Objects.requireNonNull(specs, "specs");
    if (closed.get()) {
      throw new IllegalStateException("topic admin is closed");
    }
    Map<String, TopicSpec> byName = new LinkedHashMap<>();
    for (TopicSpec spec : specs) {
      TopicSpec previous = byName.putIfAbsent(spec.name(), spec);
      if (previous != null && !previous.equals(spec)) {
        throw new IllegalArgumentException(
            "topic "
                + spec.name()
                + " is declared twice, differently: "
                + previous
                + " and "
                + spec);
      }
    }
    return byName;
  }

  /**
   * Creates {@code missing} and waits until they are served.
   *
   * @return the specs of topics someone else created in the meantime
   */
  private List<TopicSpec> create(List<NewTopic> missing, Map<String, TopicSpec> byName) {
    List<TopicSpec> concurrent = new ArrayList<>();
    CreateTopicsResult result = admin.createTopics(missing);
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
      try {
        await(entry.getValue(), "create topic " + entry.getKey());
        awaitServed(byName.get(entry.getKey()));
        log.info("created topic {} as {}", entry.getKey(), byName.get(entry.getKey()));
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        log.debug("topic {} was created concurrently by someone else", entry.getKey());
        concurrent.add(byName.get(entry.getKey()));
      }
    }
    return concurrent;
  }

  /**
   * Waits until every partition of a new topic is served: until then, a producer writing at once
   * can see NOT_LEADER_OR_FOLLOWER on its first batch and, being idempotent, fail it with
   * OUT_OF_ORDER_SEQUENCE_NUMBER.
   */
  private void awaitServed(TopicSpec spec) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < spec.partitions(); partition++) {
      latest.put(new TopicPartition(spec.name(), partition), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "topic " + spec.name() + " was created but is not served: " + e.getCause(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "topic " + spec.name() + " was created but is not served within " + OPERATION_TIMEOUT,
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + spec.name(), e);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20); // polling interval of a deadline-bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + spec.name(), e);
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " within " + OPERATION_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  /** Closes the admin client. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      admin.close(Duration.ofSeconds(30));
    }
  }
}
