package dev.protoevents.runtime;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How existing topics differ from their declared {@link TopicSpec}s: one {@link Difference} per
 * setting (partitions, replication factor, each declared topic setting such as {@code
 * cleanup.policy} or {@code retention.ms}). Reported by {@link TopicAdmin#checkDrift}; empty when
 * every topic matches.
 *
 * <pre>{@code
 * TopicDrift drift = admin.checkDrift(List.of(OrderTopic.SPEC));
 * drift.differences().forEach(d -> log.warn("{}", d));
 * }</pre>
 *
 * @param differences every difference, sorted by topic, then setting
 */
public record TopicDrift(List<Difference> differences) {

  /** Copies the list. */
  public TopicDrift {
    differences = List.copyOf(differences);
  }

  /** True if every checked topic matches its spec. */
  public boolean isEmpty() {
    return differences.isEmpty();
  }

  /** The topics with at least one difference, sorted. */
  public List<String> topics() {
    return differences.stream().map(Difference::topic).distinct().sorted().toList();
  }

  @Override
  public String toString() {
    return isEmpty()
        ? "no topic drift"
        : differences.stream().map(Difference::toString).collect(Collectors.joining("; "));
  }

  /**
   * One setting of one topic whose actual value is not the declared one.
   *
   * @param topic the topic
   * @param setting {@code partitions}, {@code replication.factor} or a topic setting's name
   * @param declared the value in the spec
   * @param actual the value the broker reports
   */
  public record Difference(String topic, String setting, String declared, String actual) {

    /** Checks that every value is given. */
    public Difference {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(declared, "declared");
      Objects.requireNonNull(actual, "actual");
    }

    @Override
    public String toString() {
      return "topic " + topic + ": " + setting + " is " + actual + ", declared " + declared;
    }
  }
}
