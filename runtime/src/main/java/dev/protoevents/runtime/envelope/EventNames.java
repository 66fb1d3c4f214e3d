package dev.protoevents.runtime.envelope;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How event types are spelt on a wire that names events in the record key, as Restorecommerce does:
 * {@code OrderCreated} travels as {@code orderCreated}. Exceptions map one event type to a
 * different name, e.g. Restorecommerce's {@code orderUpdated} for protoevents' {@code
 * OrderReplaced}.
 *
 * <pre>{@code
 * EventNames names = EventNames.lowerCamel().with("OrderReplaced", "orderUpdated");
 * Envelope envelope = Envelope.restorecommerce(names);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EventNames {

  private final Map<String, String> wireNames; // event type -> wire name, the exceptions
  private final Map<String, String> eventTypes; // wire name -> event type, the exceptions
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  private EventNames(Map<String, String> wireNames, Map<String, String> eventTypes) {
    this.wireNames = wireNames;
    this.eventTypes = eventTypes;
  }

  /** Event types in lower camel case: {@code OrderCreated} is {@code orderCreated}. */
  public static EventNames lowerCamel() {
    return new EventNames(Map.of(), Map.of());
  }

  /**
   * These names, except that {@code eventType} travels as {@code wireName} (both ways).
   *
   * @throws IllegalArgumentException if either is empty, or either already has another mapping
   */
  public EventNames with(String eventType, String wireName) {
    requireNotEmpty(eventType, "eventType");
    requireNotEmpty(wireName, "wireName");
    if (wireNames.containsKey(eventType) || eventTypes.containsKey(wireName)) {
      throw new IllegalArgumentException(
          "event type '" + eventType + "' or wire name '" + wireName + "' is mapped already");
    }
    Map<String, String> toWire = new HashMap<>(wireNames);
    Map<String, String> toType = new HashMap<>(eventTypes);
    toWire.put(eventType, wireName);
    toType.put(wireName, eventType);
    return new EventNames(Map.copyOf(toWire), Map.copyOf(toType));
  }

  /** The name {@code eventType} travels as ({@code OrderCreated} → {@code orderCreated}). */
  public String wireName(String eventType) {
    String mapped = wireNames.get(eventType);
    if (mapped != null) {
      return mapped;
    }
    return eventType.isEmpty()
        ? eventType
        : Character.toLowerCase(eventType.charAt(0)) + eventType.substring(1);
  }

  /**
   * The event type that {@code wireName} stands for ({@code orderCreated} → {@code OrderCreated}).
   * Every name maps to some type; a decoder reports one it does not know as an unknown event type.
   */
  public String eventType(String wireName) {
    String mapped = eventTypes.get(wireName);
    if (mapped != null) {
      return mapped;
    }
    String cached = cache.get(wireName);
    if (cached != null) {
      return cached;
    }
    String type =
        wireName.isEmpty()
            ? wireName
            : Character.toUpperCase(wireName.charAt(0)) + wireName.substring(1);
    if (cache.size() < 256) { // a stream of odd keys must not grow it without bound
      cache.put(wireName, type);
    }
    return type;
  }

  private static void requireNotEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  @Override
  public String toString() {
    return "EventNames[lowerCamel, exceptions " + wireNames + "]";
  }
}
