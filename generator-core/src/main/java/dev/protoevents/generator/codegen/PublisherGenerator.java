package dev.protoevents.generator.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.protoevents.generator.model.KeyField;
import javax.lang.model.element.Modifier;

/** Generates the publisher of a resource ({@code OrderPublisher}): one method per event. */
final class PublisherGenerator {
  private PublisherGenerator() {}

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
      type.addMethod(method(names, member, result));
    }
    return type.build();
  }

  private static MethodSpec method(ResourceNames names, EventMember member, TypeName result) {
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
                  "Publishes {@code $L}: {@code $L} was $L; it is the full $Lstate.\n",
                  member.eventType(),
                  payload,
                  member.kind() == EventMember.Kind.CREATED ? "created" : "replaced",
                  member.kind() == EventMember.Kind.CREATED ? "" : "new ")
              .addParameter(member.payloadType(), payload)
              .addStatement("return $L", publish(names, outgoing(names, member, payload)));
      case PATCHED ->
          method
              .addJavadoc(
                  "Publishes {@code $L}: the fields of {@code $L} named by {@code fieldMask} changed.\n\n"
                      + "@throws IllegalArgumentException if a path of {@code fieldMask} is not a field of $L\n",
                  member.eventType(),
                  payload,
                  resource)
              .addParameter(member.payloadType(), payload)
              .addParameter(RuntimeTypes.FIELD_MASK, "fieldMask")
              .addStatement(
                  "return publisher.publish($L$Z.withFieldMask(fieldMask))",
                  outgoing(names, member, payload));
      case DELETED -> {
        KeyField key = names.resource.key();
        method.addParameter(keyType(key), "id");
        if (names.restorecommerce() && !names.deletedMessage.equals(names.message)) {
          method
              .addJavadoc(
                  "Publishes {@code $L}: the $L with {@code id} was deleted. The record value is\n"
                      + "{@link $T} holding the id, as Restorecommerce's services send it.\n",
                  member.eventType(),
                  resource,
                  names.deletedMessage)
              .addStatement(
                  "$T deleted = $T.newBuilder().setId(id).build()",
                  names.deletedMessage,
                  names.deletedMessage)
              .addStatement(
                  "return $L",
                  publish(
                      names,
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
                  "Publishes {@code $L}: the $L with {@code id} was deleted. The record is a\n"
                      + "tombstone (no value), so compaction removes the $L in the end.\n",
                  member.eventType(),
                  resource,
                  resource)
              .addStatement(
                  "return publisher.publish($T.tombstone($T.NAME,$W$T.keyOf(deleted),$W$T.TYPE,$W$T.getDescriptor()))",
                  RuntimeTypes.OUTGOING_EVENT,
                  names.topic,
                  names.topic,
                  names.record(member),
                  names.message);
        } else {
          method
              .addJavadoc(
                  "Publishes {@code $L}: the $L with {@code id} was deleted. The record value is\n"
                      + "$L $L holding only the id.\n",
                  member.eventType(),
                  resource,
                  Articles.of(resource),
                  resource)
              .addStatement("return $L", publish(names, outgoing(names, member, "deleted")));
        }
      }
      case DOMAIN ->
          method
              .addJavadoc(
                  "Publishes the domain event {@code $L} on the $L topic.\n",
                  member.eventType(),
                  resource)
              .addParameter(member.payloadType(), payload)
              .addStatement("return $L", publish(names, outgoing(names, member, payload)));
    }
    return method.build();
  }

  /**
   * {@code publisher.publish(event)}, or for a Restorecommerce resource {@code
   * publisher.publish(event, UserTopic.ENVELOPE)}.
   */
  private static CodeBlock publish(ResourceNames names, CodeBlock outgoing) {
    return names.restorecommerce()
        ? CodeBlock.of("publisher.publish($L,$W$T.ENVELOPE)", outgoing, names.topic)
        : CodeBlock.of("publisher.publish($L)", outgoing);
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
