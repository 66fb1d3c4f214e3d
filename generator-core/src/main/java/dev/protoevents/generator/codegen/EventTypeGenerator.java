package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * Generates the sealed event type of a resource ({@code OrderEvent}) with one immutable record per
 * event nested in it, so a switch over a resource's events can be exhaustive.
 */
final class EventTypeGenerator {
  private EventTypeGenerator() {}

  static TypeSpec generate(ResourceNames names) {
    TypeSpec.Builder type =
        TypeSpec.interfaceBuilder(names.event)
            .addModifiers(Modifier.PUBLIC, Modifier.SEALED)
            .addJavadoc(
                "Every event of the {@code $L} resource, as read from topic {@value $T#NAME}.\n\n"
                    + (names.restorecommerce()
                        ? "<p>Created and Replaced carry the full state and Deleted the id; the resource is\n"
                            + "Restorecommerce's ({@code kafka_subscriber}), whose wire has no patches.\n"
                        : names.resource.fullStateOnly()
                            ? "<p>Created and Replaced carry the full state and Deleted is a tombstone;\n"
                                + "the resource sets {@code full_state_only}, so there is no Patched event.\n"
                            : "<p>The four resource events carry the resource's state; domain events carry\n"
                                + "their own message.\n")
                    + "{@link #metadata()} says where and when each was recorded.\n",
                names.resource.protoName(),
                names.topic)
            .addMethod(
                MethodSpec.methodBuilder("metadata")
                    .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                    .returns(RuntimeTypes.EVENT_METADATA)
                    .addJavadoc("Type, id, time and Kafka coordinates of this event.\n")
                    .build());
    for (EventMember member : names.members) {
      ClassName record = names.record(member);
      type.addType(record(names, member, record));
    }
    return type.build();
  }

  private static TypeSpec record(ResourceNames names, EventMember member, ClassName record) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    MethodSpec.Builder compact =
        MethodSpec.compactConstructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Checks that no component is null.\n");
    ClassName payloadType =
        member.kind() == EventMember.Kind.DELETED
            ? ClassName.get(String.class)
            : member.payloadType();
    constructor.addParameter(ParameterSpec.builder(payloadType, member.payloadName()).build());
    compact.addStatement(
        "$T.requireNonNull($N, $S)",
        RuntimeTypes.OBJECTS,
        member.payloadName(),
        member.payloadName());
    if (member.kind() == EventMember.Kind.PATCHED) {
      constructor.addParameter(RuntimeTypes.FIELD_MASK, "fieldMask");
      compact.addStatement("$T.requireNonNull(fieldMask, $S)", RuntimeTypes.OBJECTS, "fieldMask");
    }
    constructor.addParameter(RuntimeTypes.EVENT_METADATA, "metadata");
    compact.addStatement("$T.requireNonNull(metadata, $S)", RuntimeTypes.OBJECTS, "metadata");

    return TypeSpec.recordBuilder(record)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addSuperinterface(names.event)
        .addJavadoc(javadoc(names, member))
        .recordConstructor(constructor.build())
        .addField(
            FieldSpec.builder(
                    String.class, "TYPE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The event type on the wire.\n")
                .initializer("$S", member.eventType())
                .build())
        .addMethod(compact.build())
        .build();
  }

  private static String javadoc(ResourceNames names, EventMember member) {
    String resource = names.resource.simpleName();
    String aResource = Articles.of(resource) + " " + resource;
    String payload = "@param " + member.payloadName() + " ";
    String[] summaryAndParams =
        switch (member.kind()) {
          case CREATED -> new String[] {aResource + " was created.", payload + "its full state"};
          case REPLACED ->
              new String[] {
                aResource + " was replaced as a whole.", payload + "its full new state"
              };
          case PATCHED ->
              new String[] {
                "some fields of " + aResource + " changed.",
                payload
                    + "its new state; only the fields in {@code fieldMask} are meaningful\n"
                    + "@param fieldMask the paths of the fields that changed"
              };
          case DELETED ->
              new String[] {
                aResource + " was deleted.", "@param id the id of the deleted " + resource
              };
          case DOMAIN ->
              new String[] {
                "domain event of "
                    + resource
                    + " ({@code "
                    + member.domainEvent().orElseThrow().protoName()
                    + "}).",
                payload + "the event"
              };
        };
    return "{@code "
        + member.eventType()
        + "}: "
        + summaryAndParams[0]
        + "\n\n"
        + summaryAndParams[1]
        + "\n@param metadata type, id, time and Kafka coordinates of the event\n";
  }
}
