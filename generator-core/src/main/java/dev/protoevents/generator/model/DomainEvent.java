package dev.protoevents.generator.model;

/**
 * A business event with its own name, published on its resource's topic.
 *
 * @param protoName full proto name of the event message, e.g. {@code shop.orders.OrderCompleted}
 * @param sourceFile the .proto file that declares it
 * @param messageClass the protoc class of the event message
 * @param eventType the event type written to the record header, e.g. {@code OrderCompleted}
 * @param memberName the name of the event within its resource, e.g. {@code Completed} for {@code
 *     OrderCompleted} of {@code Order}; names the nested event class and handler method
 * @param key the field holding the id of the resource the event is about
 */
public record DomainEvent(
    String protoName,
    String sourceFile,
    JavaName messageClass,
    String eventType,
    String memberName,
    KeyField key) {}
