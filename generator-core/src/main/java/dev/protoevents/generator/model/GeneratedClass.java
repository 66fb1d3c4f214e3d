package dev.protoevents.generator.model;

/**
 * The classes protoevents generates for every resource, and their names: the one place that knows
 * them. The code generators name their classes with {@link #simpleName(Resource)}; the clash checks
 * compare these names with protoc's classes.
 */
public enum GeneratedClass {
  /** The sealed event type, {@code OrderEvent}. */
  EVENT("Event"),
  /** Topic constants and specs, {@code OrderTopic}. */
  TOPIC("Topic"),
  /** The typed publisher, {@code OrderPublisher}. */
  PUBLISHER("Publisher"),
  /** The typed subscriber, {@code OrderSubscriber}. */
  SUBSCRIBER("Subscriber"),
  /** The handler interface, {@code OrderHandler}. */
  HANDLER("Handler"),
  /** The restore handler, {@code OrderRestoreHandler}. */
  RESTORE_HANDLER("RestoreHandler"),
  /** The in-memory view, {@code OrderView}. */
  VIEW("View"),
  /** The emitter bound to a processor's transaction, {@code OrderEmitter}. */
  EMITTER("Emitter"),
  /** The processor interface, {@code OrderProcessor}. */
  PROCESSOR("Processor");

  private final String suffix;

  GeneratedClass(String suffix) {
    this.suffix = suffix;
  }

  /** What follows the resource's name: {@code Publisher}. */
  public String suffix() {
    return suffix;
  }

  /** The simple name of this class for {@code resource}: {@code OrderPublisher}. */
  public String simpleName(Resource resource) {
    return resource.simpleName() + suffix;
  }

  /** The fully qualified name of this class for {@code resource}. */
  public String qualifiedName(Resource resource) {
    return resource.javaPackage() + "." + simpleName(resource);
  }
}
