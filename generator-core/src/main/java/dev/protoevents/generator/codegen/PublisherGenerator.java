package dev.protoevents.generator.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.protoevents.generator.model.KeyField;
import javax.lang.model.element.Modifier;

/**
 * Generates the publisher of a resource ({@code OrderPublisher}) and its emitter ({@code
 * OrderEmitter}), the same methods bound to a processor's transaction: one method per event.
 */
final class PublisherGenerator {
  private PublisherGenerator() {}

  /** How a generated class sends an event: through which field, with which verb in its Javadoc. */
  private record Sink(String call, String verb) {}

  private static final Sink PUBLISH = new Sink("publisher.publish", "Publishes");
  private static final Sink EMIT = new Sink("context.emit", "Emits");

  /** {@code OrderEmitter}: the publisher's methods, emitting in a processor's transaction. */
  static TypeSpec emitter(ResourceNames names) {
    TypeName result =
        ParameterizedTypeName.get(RuntimeTypes.COMPLETABLE_FUTURE, RuntimeTypes.RECORD_METADATA);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(names.emitter)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Emits the events of the {@code $L} resource to {@value $T#NAME} from a processor, in\n"
                    + "the transaction that commits the input event's offset: they become visible to\n"
                    + "{@code read_committed} readers with it, or never. Each carries the input's id as\n"
                    + "causation id, its correlation id and its trace context. The methods are those of\n"
                    + "{@link $T}; use them only while the processor's handler runs.\n\n"
                    + "<pre>{@code\n"
                    + "new $L(context).$L(...);\n"
                    + "}</pre>\n",
                names.resource.protoName(),
                names.topic,
                names.publisher,
                names.emitter.simpleName(),
                names.members.get(0).publishMethod())
            .addField(RuntimeTypes.PROCESSOR_CONTEXT, "context", Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Emits through {@code context}, the processor's current one.\n")
                    .addParameter(RuntimeTypes.PROCESSOR_CONTEXT, "context")
                    .addStatement(
                        "this.context = $T.requireNonNull(context, $S)",
                        RuntimeTypes.OBJECTS,
                        "context")
                    .build());
    for (EventMember member : names.members) {
      type.addMethod(method(names, member, result, EMIT));
    }
    return type.build();
  }

  static TypeSpec generate(ResourceNames names) {
    TypeName result =
        ParameterizedTypeName.get(RuntimeTypes.COMPLETABLE_FUTURE, RuntimeTypes.RECORD_METADATA);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(names.publisher)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Publishes the events of the {@code $L} resource to {@value $T#NAME}, keyed by the\n"
                    + "resource id so all events of one $L stay in order. Thread-safe.\n\n"
                    + "<p>Each method returns a future that completes with the record's metadata once\n"
                    + "the broker has acknowledged it, or exceptionally with the producer's exception.\n",
                names.resource.protoName(),
                names.topic,
                names.resource.simpleName())
            .addJavadoc(
                names.resource.fullStateOnly()
                    ? CodeBlock.of(
                        "\n<p>$L sets {@code full_state_only}: only full states and tombstones are\n"
                            + "written, so the topic may be compacted; there is no patched event.\n",
                        names.resource.simpleName())
                    : CodeBlock.of(""))
            .addField(RuntimeTypes.EVENT_PUBLISHER, "publisher", Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc(
                        "Publishes through {@code publisher}, the service's one event publisher.\n")
                    .addParameter(RuntimeTypes.EVENT_PUBLISHER, "publisher")
                    .addStatement(
                        "this.publisher = $T.requireNonNull(publisher, $S)",
                        RuntimeTypes.OBJECTS,
                        "publisher")
                    .build());
    for (EventMember member : names.members) {
      type.addMethod(method(names, member, result, PUBLISH));
    }
    return type.build();
  }

  private static MethodSpec method(
      ResourceNames names, EventMember member, TypeName result, Sink sink) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(member.publishMethod())
            .addModifiers(Modifier.PUBLIC)
            .returns(result);
    String resource = names.resource.simpleName();
    String payload = member.payloadName();
    switch (member.kind()) {
      case CREATED, REPLACED ->
          method
              .addJavadoc(
                  "$L {@code $L}: {@code $L} was $L; it is the full $Lstate.\n",
                  sink.verb(),
                  member.eventType(),
                  payload,
                  member.kind() == EventMember.Kind.CREATED ? "created" : "replaced",
                  member.kind() == EventMember.Kind.CREATED ? "" : "new ")
              .addParameter(member.payloadType(), payload)
              .addStatement("return $L", send(names, sink, outgoing(names, member, payload)));
      case PATCHED ->
          method
              .addJavadoc(
                  "$L {@code $L}: the fields of {@code $L} named by {@code fieldMask} changed.\n\n"
                      + "@throws IllegalArgumentException if a path of {@code fieldMask} is not a field of $L\n",
                  sink.verb(),
                  member.eventType(),
                  payload,
                  resource)
              .addParameter(member.payloadType(), payload)
              .addParameter(RuntimeTypes.FIELD_MASK, "fieldMask")
              .addStatement(
                  "return $L($L$Z.withFieldMask(fieldMask))",
                  sink.call(),
                  outgoing(names, member, payload));
      case DELETED -> {
        KeyField key = names.resource.key();
        method.addParameter(keyType(key), "id");
        if (names.restorecommerce() && !names.deletedMessage.equals(names.message)) {
          method
              .addJavadoc(
                  "$L {@code $L}: the $L with {@code id} was deleted. The record value is\n"
                      + "{@link $T} holding the id, as Restorecommerce's services send it.\n",
                  sink.verb(),
                  member.eventType(),
                  resource,
                  names.deletedMessage)
              .addStatement(
                  "$T deleted = $T.newBuilder().setId(id).build()",
                  names.deletedMessage,
                  names.deletedMessage)
              .addStatement(
                  "return $L",
                  send(
                      names,
                      sink,
                      CodeBlock.of(
                          "$T.of($T.NAME,$Wid,$W$T.TYPE,$Wdeleted)",
                          RuntimeTypes.OUTGOING_EVENT,
                          names.topic,
                          names.record(member))));
          break;
        }
        method.addStatement(
            "$T deleted = $T.newBuilder().$L(id).build()",
            names.message,
            names.message,
            key.setter());
        if (names.resource.fullStateOnly()) {
          method
              .addJavadoc(
                  "$L {@code $L}: the $L with {@code id} was deleted. The record is a\n"
                      + "tombstone (no value), so compaction removes the $L in the end.\n",
                  sink.verb(),
                  member.eventType(),
                  resource,
                  resource)
              .addStatement(
                  "return $L($T.tombstone($T.NAME,$W$T.keyOf(deleted),$W$T.TYPE,$W$T.getDescriptor()))",
                  sink.call(),
                  RuntimeTypes.OUTGOING_EVENT,
                  names.topic,
                  names.topic,
                  names.record(member),
                  names.message);
        } else {
          method
              .addJavadoc(
                  "$L {@code $L}: the $L with {@code id} was deleted. The record value is\n"
                      + "$L $L holding only the id.\n",
                  sink.verb(),
                  member.eventType(),
                  resource,
                  Articles.of(resource),
                  resource)
              .addStatement("return $L", send(names, sink, outgoing(names, member, "deleted")));
        }
      }
      case DOMAIN ->
          method
              .addJavadoc(
                  "$L the domain event {@code $L} on the $L topic.\n",
                  sink.verb(),
                  member.eventType(),
                  resource)
              .addParameter(member.payloadType(), payload)
              .addStatement("return $L", send(names, sink, outgoing(names, member, payload)));
    }
    return method.build();
  }

  /**
   * {@code publisher.publish(event)} (or {@code context.emit(event)}), for a Restorecommerce
   * resource with the topic's envelope: {@code publisher.publish(event, UserTopic.ENVELOPE)}.
   */
  private static CodeBlock send(ResourceNames names, Sink sink, CodeBlock outgoing) {
    return names.restorecommerce()
        ? CodeBlock.of("$L($L,$W$T.ENVELOPE)", sink.call(), outgoing, names.topic)
        : CodeBlock.of("$L($L)", sink.call(), outgoing);
  }

  /**
   * {@code OutgoingEvent.of(OrderTopic.NAME, OrderTopic.keyOf(order), OrderEvent.Created.TYPE,
   * order)}
   */
  private static CodeBlock outgoing(ResourceNames names, EventMember member, String payload) {
    return CodeBlock.of(
        "$T.of($T.NAME,$W$T.keyOf($N),$W$T.TYPE,$W$N)",
        RuntimeTypes.OUTGOING_EVENT,
        names.topic,
        names.topic,
        payload,
        names.record(member),
        payload);
  }

  private static TypeName keyType(KeyField key) {
    return switch (key.type()) {
      case STRING -> TypeName.get(String.class);
      case INT32, UINT32 -> TypeName.INT;
      case INT64, UINT64 -> TypeName.LONG;
    };
  }
}
