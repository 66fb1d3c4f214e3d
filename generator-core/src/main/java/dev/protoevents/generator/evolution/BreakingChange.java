package dev.protoevents.generator.evolution;

/**
 * The kinds of breaking change the {@link CompatibilityCheck} reports, each with the stable tag
 * printed as {@code [protoevents:<tag>]}.
 *
 * <pre>{@code
 * boolean removed = diagnostic.tag().equals(BreakingChange.FIELD_REMOVED.tag());
 * }</pre>
 */
public enum BreakingChange {
  /** A resource of the baseline is gone (message deleted or no longer a resource). */
  RESOURCE_REMOVED("resource-removed"),
  /** A domain event of the baseline is gone (message deleted or no longer an event). */
  EVENT_REMOVED("event-removed"),
  /**
   * A resource or domain event has a new full proto name (renamed, or moved to another package).
   */
  MESSAGE_RENAMED("message-renamed"),
  /** A domain event is published under another event type (its message was renamed). */
  EVENT_TYPE_RENAMED("event-type-renamed"),
  /** A domain event now belongs to another resource, so it goes to another topic. */
  EVENT_MOVED("event-moved"),
  /** A resource's topic name changed. */
  TOPIC_RENAMED("topic-renamed"),
  /** A resource's partition count changed, so keys map to other partitions. */
  PARTITIONS_CHANGED("partitions-changed"),
  /** The key field (record key) of a resource or domain event changed. */
  KEY_CHANGED("key-changed"),
  /** A field is gone and its number and name are not reserved. */
  FIELD_REMOVED("field-removed"),
  /** A field kept its name but has another number. */
  FIELD_RENUMBERED("field-renumbered"),
  /** A field number has another name (field masks and JSON use names). */
  FIELD_RENAMED("field-renamed"),
  /** A field has another type. */
  FIELD_TYPE_CHANGED("field-type-changed"),
  /** A field changed between singular and repeated, lost presence, or became required. */
  FIELD_CARDINALITY_CHANGED("field-cardinality-changed"),
  /** A field moved into, out of or between {@code oneof}s. */
  FIELD_ONEOF_CHANGED("field-oneof-changed"),
  /** An enum value is gone and its number and name are not reserved. */
  ENUM_VALUE_REMOVED("enum-value-removed"),
  /** An enum value kept its name but has another number. */
  ENUM_VALUE_RENUMBERED("enum-value-renumbered");

  private final String tag;

  BreakingChange(String tag) {
    this.tag = tag;
  }

  /** The stable tag, e.g. {@code field-removed}. */
  public String tag() {
    return tag;
  }
}
