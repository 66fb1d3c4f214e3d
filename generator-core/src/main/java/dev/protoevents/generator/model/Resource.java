package dev.protoevents.generator.model;

import java.util.List;
import java.util.Optional;

/**
 * An entity with its own topic, the four resource events and any number of domain events.
 *
 * @param protoName full proto name of the resource message, e.g. {@code shop.orders.Order}
 * @param sourceFile the .proto file that declares it
 * @param messageClass the protoc class of the resource message
 * @param resourceName the snake_case resource name used in the topic, e.g. {@code order}
 * @param topic the resource topic
 * @param key the id field
 * @param domainEvents the resource's domain events, sorted by member name
 * @param fullStateOnly only full-state events and tombstones go to the topic (no patched event, no
 *     domain events), so that it may be compacted
 * @param restorecommerce for a resource declared with Restorecommerce's {@code kafka_subscriber}:
 *     its wire names; the topic is then written in the {@code restorecommerce} envelope
 */
public record Resource(
    String protoName,
    String sourceFile,
    JavaName messageClass,
    String resourceName,
    TopicDeclaration topic,
    KeyField key,
    List<DomainEvent> domainEvents,
    boolean fullStateOnly,
    Optional<RestorecommerceWire> restorecommerce) {
  /** Copies the list. */
  public Resource {
    domainEvents = List.copyOf(domainEvents);
    java.util.Objects.requireNonNull(restorecommerce, "restorecommerce");
  }

  /** A resource of protoevents' own wire. */
  public Resource(
      String protoName,
      String sourceFile,
      JavaName messageClass,
      String resourceName,
      TopicDeclaration topic,
      KeyField key,
      List<DomainEvent> domainEvents,
      boolean fullStateOnly) {
    this(
        protoName,
        sourceFile,
        messageClass,
        resourceName,
        topic,
        key,
        domainEvents,
        fullStateOnly,
        Optional.empty());
  }

  /** The simple name of the resource message, e.g. {@code Order}; prefixes every generated type. */
  public String simpleName() {
    return messageClass.simpleName();
  }

  /** The Java package the generated types of this resource go to: the message's package. */
  public String javaPackage() {
    return messageClass.packageName();
  }
}
