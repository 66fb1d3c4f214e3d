package dev.protoevents.runtime.metrics;

/**
 * Names and tag keys of the meters protoevents records when a Micrometer registry is configured
 * ({@link dev.protoevents.runtime.ProtoeventsConfig#METRICS_REGISTRY}). Names are dotted, as
 * Micrometer wants them; a registry renders them in its own convention ({@code
 * protoevents_publish_total} in Prometheus).
 *
 * <pre>{@code
 * registry.get(MeterNames.HANDLE).tag(MeterNames.TOPIC, OrderTopic.NAME).counter().count();
 * }</pre>
 */
public final class MeterNames {

  /** Counter: events published; tags {@link #TOPIC}, {@link #EVENT_TYPE}, {@link #RESULT}. */
  public static final String PUBLISH = "protoevents.publish";

  /**
   * Timer: from the publish call to the broker's acknowledgement; tags {@link #TOPIC}, {@link
   * #RESULT}.
   */
  public static final String PUBLISH_LATENCY = "protoevents.publish.latency";

  /** Counter: events whose listener returned normally; tags {@link #TOPIC}, {@link #GROUP}. */
  public static final String HANDLE = "protoevents.handle";

  /**
   * Timer: time of each listener call, failed ones included; tags {@link #TOPIC}, {@link #GROUP}.
   */
  public static final String HANDLE_DURATION = "protoevents.handle.duration";

  /**
   * Counter: failed attempts that were scheduled for a retry; tags {@link #TOPIC} and {@link
   * #GROUP} (subscriptions) or {@link #FEED} (state feeds).
   */
  public static final String RETRY = "protoevents.retry";

  /**
   * Counter: records written to a dead-letter topic; tags {@link #TOPIC}, {@link #GROUP}, {@link
   * #REASON}.
   */
  public static final String DEAD_LETTER = "protoevents.dead_letter";

  /**
   * Counter: events of a type this code does not know, handed to {@code onUnknown}; tags {@link
   * #TOPIC}, {@link #EVENT_TYPE} and {@link #GROUP} or {@link #FEED}.
   */
  public static final String UNKNOWN_EVENT = "protoevents.unknown_event";

  /**
   * Gauge: records between the consumer's position and the end of the partition, updated about once
   * a second while the consumer polls; tags {@link #TOPIC}, {@link #PARTITION} and {@link #GROUP}
   * or {@link #FEED}. Only partitions the consumer holds have one.
   */
  public static final String CONSUMER_LAG = "protoevents.consumer.lag";

  /** Counter: events a state feed applied, restore and live; tags {@link #FEED}. */
  public static final String FEED_EVENTS = "protoevents.feed.events";

  /**
   * Counter: events applied while restoring (all restores added up); tags {@link #FEED}, {@link
   * #TOPIC}.
   */
  public static final String RESTORE_EVENTS = "protoevents.restore.events";

  /**
   * Gauge: events the current restore still has to apply, 0 once caught up; tags {@link #FEED},
   * {@link #TOPIC}.
   */
  public static final String RESTORE_REMAINING = "protoevents.restore.remaining";

  /** Gauge: the current restore's progress, 0 to 1 (1 once caught up); tags {@link #FEED}. */
  public static final String RESTORE_PROGRESS = "protoevents.restore.progress";

  /**
   * Gauge: a component's health as a number, 2 running, 1 starting or degraded, 0 stopped; tags
   * {@link #COMPONENT}, {@link #KIND}. Recorded for a {@link dev.protoevents.runtime.health
   * HealthCheck} bound with {@code HealthCheck.bindTo}.
   */
  public static final String HEALTH = "protoevents.health";

  /**
   * Function counter: a processor's input events processed and committed; tags {@link #TOPIC},
   * {@link #GROUP}.
   */
  public static final String PROCESSOR_PROCESSED = "protoevents.processor.processed";

  /**
   * Function counter: events a processor emitted and committed; tags {@link #TOPIC}, {@link
   * #GROUP}.
   */
  public static final String PROCESSOR_EMITTED = "protoevents.processor.emitted";

  /** Function counter: a processor's failed attempts scheduled for a retry; tags as above. */
  public static final String PROCESSOR_RETRY = "protoevents.processor.retry";

  /** Function counter: records a processor dead-lettered; tags as above. */
  public static final String PROCESSOR_DEAD_LETTER = "protoevents.processor.dead_letter";

  /** Function counter: input events of a type a processor does not know; tags as above. */
  public static final String PROCESSOR_UNKNOWN_EVENT = "protoevents.processor.unknown_event";

  /**
   * Function counter: a processor's transactions; tags {@link #TOPIC}, {@link #GROUP}, {@link
   * #RESULT} ({@code committed}, {@code aborted}).
   */
  public static final String PROCESSOR_TRANSACTIONS = "protoevents.processor.transactions";

  /** Tag: the topic. */
  public static final String TOPIC = "topic";

  /** Tag: the consumer group of a subscription. */
  public static final String GROUP = "group";

  /** Tag: the name of a state feed. */
  public static final String FEED = "feed";

  /** Tag: the event type, as in the record's header ({@code OrderCreated}). */
  public static final String EVENT_TYPE = "event_type";

  /** Tag: {@code ok} or {@code failed}. */
  public static final String RESULT = "result";

  /** Tag: why a record was dead-lettered: {@code undecodable} or {@code listener-failed}. */
  public static final String REASON = "reason";

  /** Tag: the partition number. */
  public static final String PARTITION = "partition";

  /** Tag: a health component's name. */
  public static final String COMPONENT = "component";

  /** Tag: a health component's kind ({@code subscription}, {@code feed}, ...). */
  public static final String KIND = "kind";

  private MeterNames() {}
}
