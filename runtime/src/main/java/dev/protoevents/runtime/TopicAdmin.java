package dev.protoevents.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a service's resource topics with their declared settings, so no start-up script is
 * needed. Thread-safe.
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
  private final AtomicBoolean closed = new AtomicBoolean();

  private TopicAdmin(Admin admin) {
    this.admin = admin;
  }

  /**
   * An admin configured from plain Kafka admin client properties ({@code bootstrap.servers} is
   * required); protoevents settings in the same map are ignored.
   *
   * @throws IllegalArgumentException if {@code bootstrap.servers} is missing or empty
   */
  public static TopicAdmin create(Map<String, ?> kafkaConfig) {
    return new TopicAdmin(Admin.create(ProtoeventsConfig.kafkaProperties(kafkaConfig)));
  }

  /**
   * Creates every topic of {@code specs} that does not exist yet, with the spec's partitions,
   * replication factor and settings, and waits until the broker has created them. Existing topics
   * are left as they are, also when another process creates one at the same time.
   *
   * @throws IllegalArgumentException if two specs name the same topic differently
   * @throws IllegalStateException if a topic cannot be created
   */
  public void createMissing(Collection<TopicSpec> specs) {
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
    if (byName.isEmpty()) {
      return;
    }
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<NewTopic> missing = new ArrayList<>();
    for (TopicSpec spec : byName.values()) {
      if (!existing.contains(spec.name())) {
        missing.add(
            new NewTopic(spec.name(), Optional.of(spec.partitions()), spec.replicationFactor())
                .configs(spec.configs()));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
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
      }
    }
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
