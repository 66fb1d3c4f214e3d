package dev.protoevents.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one subscription that differ from its subscriber's: what happens to undeliverable
 * records, the dead-letter topic, Kafka consumer properties of this subscription alone, and a state
 * listener.
 *
 * <pre>{@code
 * subscriber.subscribe(OrderTopic.NAME, OrderTopic.DECODER, handler,
 *     SubscriptionOptions.builder()
 *         .deadLetterTopic("orders.billing.dlq")
 *         .consumerProperties(Map.of("max.poll.records", 100))
 *         .build());
 * }</pre>
 *
 * <p>Without a policy here, the subscriber's {@link ProtoeventsConfig#UNDELIVERABLE_POLICY} applies
 * (dead-letter by default). Immutable.
 */
public final class SubscriptionOptions {

  /** What a subscription does with a record it cannot deliver. */
  enum Policy {
    DEAD_LETTER,
    STOP,
    HANDLER
  }

  private static final SubscriptionOptions DEFAULTS = builder().build();

  private final Optional<Policy> policy;
  private final Optional<UndeliverableRecordHandler> handler;
  private final Optional<String> deadLetterTopic;
  private final Map<String, Object> consumerProperties;
  private final Optional<SubscriptionStateListener> stateListener;

  private SubscriptionOptions(Builder builder) {
    this.policy = Optional.ofNullable(builder.policy);
    this.handler = Optional.ofNullable(builder.handler);
    this.deadLetterTopic = Optional.ofNullable(builder.deadLetterTopic);
    this.consumerProperties = Map.copyOf(builder.consumerProperties);
    this.stateListener = Optional.ofNullable(builder.stateListener);
  }

  /** The subscriber's settings, unchanged. */
  public static SubscriptionOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the subscriber's settings. */
  public static Builder builder() {
    return new Builder();
  }

  Optional<Policy> policy() {
    return policy;
  }

  Optional<UndeliverableRecordHandler> handler() {
    return handler;
  }

  Optional<String> deadLetterTopic() {
    return deadLetterTopic;
  }

  Map<String, Object> consumerProperties() {
    return consumerProperties;
  }

  Optional<SubscriptionStateListener> stateListener() {
    return stateListener;
  }

  /** Builds {@link SubscriptionOptions}; each setter replaces the previous value. */
  public static final class Builder {
    private Policy policy;
    private UndeliverableRecordHandler handler;
    private String deadLetterTopic;
    private final Map<String, Object> consumerProperties = new HashMap<>();
    private SubscriptionStateListener stateListener;

    private Builder() {}

    /**
     * Writes undeliverable records to the dead-letter topic and goes on (the default policy). The
     * topic is {@code <topic>}{@link ProtoeventsConfig#DEAD_LETTER_TOPIC_SUFFIX suffix} unless
     * {@link #deadLetterTopic} names another.
     */
    public Builder deadLetter() {
      this.policy = Policy.DEAD_LETTER;
      this.handler = null;
      return this;
    }

    /** Writes undeliverable records to {@code topic} (created if missing) and goes on. */
    public Builder deadLetterTopic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (topic.isBlank()) {
        throw new IllegalArgumentException("dead-letter topic must not be blank");
      }
      this.deadLetterTopic = topic;
      return deadLetter();
    }

    /**
     * Stops the subscription in front of an undeliverable record without committing it, so the next
     * subscription of the group receives it again.
     */
    public Builder stopOnUndeliverable() {
      this.policy = Policy.STOP;
      this.handler = null;
      return this;
    }

    /** Hands undeliverable records to {@code handler}, which decides whether to go on. */
    public Builder onUndeliverable(UndeliverableRecordHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      this.policy = Policy.HANDLER;
      return this;
    }

    /**
     * Kafka consumer properties for this subscription alone, over the subscriber's; for example a
     * {@code group.instance.id} of its own, or {@code max.poll.interval.ms}. Protoevents settings
     * and {@code group.id} belong to the subscriber and are rejected here.
     *
     * @throws IllegalArgumentException naming the key that cannot be set per subscription
     */
    public Builder consumerProperties(Map<String, ?> properties) {
      Objects.requireNonNull(properties, "properties");
      for (Map.Entry<String, ?> entry : properties.entrySet()) {
        String key = Objects.requireNonNull(entry.getKey(), "properties contains a null key");
        if (key.startsWith(ProtoeventsConfig.PREFIX) || key.equals("group.id")) {
          throw new IllegalArgumentException(
              "'"
                  + key
                  + "' is a setting of the whole subscriber; pass it to EventSubscriber.create");
        }
        consumerProperties.put(key, Objects.requireNonNull(entry.getValue(), key));
      }
      return this;
    }

    /** Tells {@code listener} about every state change of the subscription. */
    public Builder stateListener(SubscriptionStateListener listener) {
      this.stateListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The options. */
    public SubscriptionOptions build() {
      return new SubscriptionOptions(this);
    }
  }
}
