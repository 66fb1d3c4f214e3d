package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.protoevents.generator.model.KeyField;
import dev.protoevents.generator.model.TopicDeclaration;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Generates the topic class of a resource ({@code OrderTopic}): the topic name and spec, the record
 * key of each payload, and the decoder from records to typed events.
 */
final class TopicGenerator {
  private TopicGenerator() {}

  static TypeSpec generate(ResourceNames names) {
    TopicDeclaration topic = names.resource.topic();
    CodeBlock.Builder spec =
        CodeBlock.builder().add("$T.of(NAME, $L)", RuntimeTypes.TOPIC_SPEC, topic.partitions());
    topic.replicationFactor().ifPresent(f -> spec.add("\n.withReplicationFactor($L)", f));
    for (Map.Entry<String, String> config : topic.configs().entrySet()) {
      spec.add("\n.withConfig($S, $S)", config.getKey(), config.getValue());
    }

    TypeSpec.Builder type =
        TypeSpec.classBuilder(names.topic)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "The topic of the {@code $L} resource and its wire format: record key = the\n"
                    + "resource id, value = binary protobuf$L, event type in a header.\n",
                names.resource.protoName(),
                names.resource.fullStateOnly() ? " (none for a delete: a tombstone)" : "")
            .addField(
                FieldSpec.builder(
                        String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The topic name.\n")
                    .initializer("$S", topic.name())
                    .build())
            .addField(
                FieldSpec.builder(
                        RuntimeTypes.TOPIC_SPEC,
                        "SPEC",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .addJavadoc("The topic as declared: partitions, replication and settings.\n")
                    .initializer(
                        CodeBlock.builder()
                            .indent()
                            .indent()
                            .add(spec.build())
                            .unindent()
                            .unindent()
                            .build())
                    .build())
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(RuntimeTypes.EVENT_DECODER, names.event),
                        "DECODER",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .addJavadoc("Decodes the records of this topic; see {@link #decode}.\n")
                    .initializer("$T::decode", names.topic)
                    .build())
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    type.addMethod(
        keyOf(
            names.message,
            names.members.get(0).payloadName(),
            names.resource.key(),
            names.resource.protoName()));
    for (EventMember member : names.members) {
      if (member.kind() == EventMember.Kind.DOMAIN) {
        var event = member.domainEvent().orElseThrow();
        type.addMethod(
            keyOf(member.payloadType(), member.payloadName(), event.key(), event.protoName()));
      }
    }
    type.addMethod(decode(names));
    return type.build();
  }

  private static MethodSpec keyOf(ClassName type, String param, KeyField key, String protoName) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("keyOf")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(String.class)
            .addParameter(type, param)
            .addJavadoc("The record key of {@code $L}: its {@code $L} field.\n", param, key.name());
    switch (key.type()) {
      case STRING -> {
        method.addJavadoc("\n@throws IllegalArgumentException if the field is empty\n");
        method
            .addStatement("$T key = $N.$L()", String.class, param, key.getter())
            .beginControlFlow("if (key.isEmpty())")
            .addStatement(
                "throw new $T($W$S)",
                IllegalArgumentException.class,
                protoName + "." + key.name() + " must not be empty: it is the record key")
            .endControlFlow()
            .addStatement("return key");
      }
      case INT32 ->
          method.addStatement("return $T.toString($N.$L())", Integer.class, param, key.getter());
      case INT64 ->
          method.addStatement("return $T.toString($N.$L())", Long.class, param, key.getter());
      case UINT32 ->
          method.addStatement(
              "return $T.toUnsignedString($N.$L())", Integer.class, param, key.getter());
      case UINT64 ->
          method.addStatement(
              "return $T.toUnsignedString($N.$L())", Long.class, param, key.getter());
    }
    return method.build();
  }

  private static MethodSpec decode(ResourceNames names) {
    CodeBlock.Builder cases = CodeBlock.builder();
    for (EventMember member : names.members) {
      ClassName record = names.record(member);
      switch (member.kind()) {
        case CREATED, REPLACED, DOMAIN ->
            cases.addStatement(
                "case $T.TYPE ->$Wnew $T(event.parse($T.parser()),$Wmetadata)",
                record,
                record,
                member.payloadType());
        case PATCHED ->
            cases.addStatement(
                "case $T.TYPE ->$Wnew $T(event.parse($T.parser()),$Wevent.requireFieldMask(),$Wmetadata)",
                record,
                record,
                member.payloadType());
        case DELETED ->
            cases.addStatement("case $T.TYPE -> new $T(metadata.key(), metadata)", record, record);
      }
    }
    cases.addStatement(
        "default -> throw $T.unknownEventType(event)", RuntimeTypes.EVENT_DECODING_EXCEPTION);
    return MethodSpec.methodBuilder("decode")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(names.event)
        .addParameter(RuntimeTypes.INCOMING_EVENT, "event")
        .addException(RuntimeTypes.EVENT_DECODING_EXCEPTION)
        .addJavadoc(
            "Turns a record of this topic into its typed event, chosen by the event type header.\n\n"
                + "@throws $T if the type is not an event of this resource or the payload is not\n"
                + "    the declared message\n",
            RuntimeTypes.EVENT_DECODING_EXCEPTION)
        .addStatement("$T metadata = event.metadata()", RuntimeTypes.EVENT_METADATA)
        .addCode("return switch (metadata.eventType()) {\n$>")
        .addCode(cases.build())
        .addCode("$<};\n")
        .build();
  }
}
