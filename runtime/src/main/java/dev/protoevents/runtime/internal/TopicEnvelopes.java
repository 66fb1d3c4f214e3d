package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.envelope.Envelope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope of each topic, as the {@code protoevents.envelope*} settings choose it: the one a
 * publisher writes, and the ones a subscriber reads (that one first, then the accepted others).
 */
public final class TopicEnvelopes {

  private final Envelope defaultEnvelope;
  private final Map<String, Envelope> byTopic;
  private final List<Envelope> accepted;

  private TopicEnvelopes(
      Envelope defaultEnvelope, Map<String, Envelope> byTopic, List<Envelope> accepted) {
    this.defaultEnvelope = defaultEnvelope;
    this.byTopic = byTopic;
    this.accepted = accepted;
  }

  /** Lean on every topic, nothing else accepted. */
  public static TopicEnvelopes lean() {
    return new TopicEnvelopes(Envelope.lean(), Map.of(), List.of());
  }

  /**
   * The envelopes that {@code config} chooses.
   *
   * @throws IllegalArgumentException naming the setting and its value if one is invalid
   */
  public static TopicEnvelopes from(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    String source = source(config);
    Envelope defaultEnvelope =
        config.get(ProtoeventsConfig.ENVELOPE) == null
            ? Envelope.lean()
            : envelope(ProtoeventsConfig.ENVELOPE, config.get(ProtoeventsConfig.ENVELOPE), source);
    Map<String, Envelope> byTopic = new HashMap<>();
    Object topics = config.get(ProtoeventsConfig.ENVELOPE_TOPICS);
    if (topics instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        byTopic.put(
            topicName(entry.getKey()),
            envelope(ProtoeventsConfig.ENVELOPE_TOPICS, entry.getValue(), source));
      }
    } else if (topics instanceof String text) {
      for (String pair : text.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int equals = pair.indexOf('=');
        if (equals < 0) {
          throw invalid(
              ProtoeventsConfig.ENVELOPE_TOPICS,
              topics,
              "expected topic=envelope, comma-separated");
        }
        byTopic.put(
            topicName(pair.substring(0, equals).trim()),
            envelope(ProtoeventsConfig.ENVELOPE_TOPICS, pair.substring(equals + 1), source));
      }
    } else if (topics != null) {
      throw invalid(
          ProtoeventsConfig.ENVELOPE_TOPICS,
          topics,
          "expected 'topic=envelope,...' or a Map of topic to envelope");
    }
    List<Envelope> accepted = new ArrayList<>();
    Object accept = config.get(ProtoeventsConfig.ENVELOPE_ACCEPT);
    if (accept instanceof String text) {
      for (String name : text.split(",")) {
        if (!name.isBlank()) {
          accepted.add(envelope(ProtoeventsConfig.ENVELOPE_ACCEPT, name, source));
        }
      }
    } else if (accept instanceof Collection<?> list) {
      for (Object element : list) {
        accepted.add(envelope(ProtoeventsConfig.ENVELOPE_ACCEPT, element, source));
      }
    } else if (accept != null) {
      throw invalid(
          ProtoeventsConfig.ENVELOPE_ACCEPT,
          accept,
          "expected envelope names, comma-separated, or a List of names and Envelopes");
    }
    return new TopicEnvelopes(defaultEnvelope, Map.copyOf(byTopic), List.copyOf(accepted));
  }

  /** The envelope events of {@code topic} are written in. */
  public Envelope writer(String topic) {
    return writer(topic, Optional.empty());
  }

  /**
   * The envelope events of {@code topic} are written in, where the generated code declares {@code
   * declared} for it: the configuration's entry for the topic, else the declared one, else the
   * configured default.
   */
  public Envelope writer(String topic, Optional<Envelope> declared) {
    Envelope envelope = byTopic.get(topic);
    return envelope != null ? envelope : declared.orElse(defaultEnvelope);
  }

  /** The envelope records of {@code topic} are read with: its writer, then the accepted ones. */
  public Envelope reader(String topic) {
    return reader(topic, Optional.empty());
  }

  /**
   * The envelope records of {@code topic} are read with, where the generated code declares {@code
   * declared}: its {@link #writer(String, Optional) writer}, then the accepted ones.
   */
  public Envelope reader(String topic, Optional<Envelope> declared) {
    Envelope writer = writer(topic, declared);
    List<Envelope> others = new ArrayList<>();
    for (Envelope envelope : accepted) {
      boolean duplicate = envelope.name().equals(writer.name());
      for (Envelope other : others) {
        duplicate |= envelope.name().equals(other.name());
      }
      if (!duplicate) {
        others.add(envelope);
      }
    }
    return Envelope.anyOf(writer, others.toArray(new Envelope[0]));
  }

  private static String source(Map<String, ?> config) {
    Object source = config.get(ProtoeventsConfig.ENVELOPE_CLOUDEVENTS_SOURCE);
    if (source == null) {
      return null;
    }
    if (source instanceof String text && !text.isBlank()) {
      return text.trim();
    }
    throw invalid(
        ProtoeventsConfig.ENVELOPE_CLOUDEVENTS_SOURCE, source, "expected a URI-reference");
  }

  private static Envelope envelope(String key, Object value, String source) {
    if (value instanceof Envelope envelope) {
      return envelope;
    }
    if (value instanceof String name) {
      try {
        Envelope envelope = Envelope.named(name);
        return source != null && envelope.name().equals(Envelope.CLOUDEVENTS)
            ? Envelope.cloudEvents(source)
            : envelope;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
    }
    throw invalid(key, value, "expected an envelope name or an Envelope");
  }

  private static String topicName(Object topic) {
    if (topic instanceof String text && !text.isBlank()) {
      return text;
    }
    throw invalid(ProtoeventsConfig.ENVELOPE_TOPICS, topic, "a topic name must not be empty");
  }

  private static IllegalArgumentException invalid(String key, Object value, String expected) {
    return new IllegalArgumentException(
        key
            + " has an invalid value '"
            + value
            + "'"
            + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")")
            + ": "
            + expected);
  }
}
