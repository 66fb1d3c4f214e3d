package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
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
                names.restorecommerce()
                    ? CodeBlock.of(
                        "The topic of the {@code $L} resource and its wire format, Restorecommerce's\n"
                            + "({@code kafka_subscriber}): record key = the event name, value = binary\n"
                            + "protobuf, no headers. Publishers, subscribers and feeds use {@link #ENVELOPE}\n"
                            + "unless the configuration names another envelope for this topic.\n",
                        names.resource.protoName())
                    : CodeBlock.of(
                        "The topic of the {@code $L} resource and its wire format: record key = the\n"
                            + "resource id, value = binary protobuf$L, event type in a header.\n",
                        names.resource.protoName(),
                        names.resource.fullStateOnly() ? " (none for a delete: a tombstone)" : ""))
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
            .addFields(envelope(names))
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(RuntimeTypes.EVENT_DECODER, names.event),
                        "DECODER",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .addJavadoc("Decodes the records of this topic; see {@link #decode}.\n")
                    .initializer(
                        names.restorecommerce()
                            ? CodeBlock.of(
                                "$T.inEnvelope(ENVELOPE,$W$T::decode)",
                                RuntimeTypes.EVENT_DECODER,
                                names.topic)
                            : CodeBlock.of("$T::decode", names.topic))
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
    type.addMethod(feed(names));
    type.addMethod(process(names));
    return type.build();
  }

  /**
   * {@code ENVELOPE} of a Restorecommerce resource: its event names from {@code kafka_subscriber}
   * (their {@code updated} is our Replaced); none for other resources.
   */
  private static java.util.List<FieldSpec> envelope(ResourceNames names) {
    if (!names.restorecommerce()) {
      return java.util.List.of();
    }
    var wire = names.resource.restorecommerce().orElseThrow();
    String prefix = names.resource.simpleName();
    CodeBlock.Builder init =
        CodeBlock.builder()
            .add(
                "$T.restorecommerce($T.lowerCamel()",
                RuntimeTypes.ENVELOPE,
                RuntimeTypes.EVENT_NAMES)
            .add("\n.with($S, $S)", prefix + "Created", wire.created())
            .add("\n.with($S, $S)", prefix + "Replaced", wire.updated())
            .add("\n.with($S, $S))", prefix + "Deleted", wire.deleted());
    return java.util.List.of(
        FieldSpec.builder(
                RuntimeTypes.ENVELOPE, "ENVELOPE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Restorecommerce's wire with this resource's event names: $S, $S (a full\n"
                    + "replacement, our Replaced) and $S; domain events in lower camel case.\n",
                wire.created(),
                wire.updated(),
                wire.deleted())
            .initializer(
                CodeBlock.builder()
                    .indent()
                    .indent()
                    .add(init.build())
                    .unindent()
                    .unindent()
                    .build())
            .build());
  }

  /**
   * {@code feed(kafkaConfig, handler)}: the one way to keep state from this topic, a {@code
   * StateFeed} that reads every partition itself.
   */
  private static MethodSpec feed(ResourceNames names) {
    return MethodSpec.methodBuilder("feed")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(RuntimeTypes.STATE_FEED_BUILDER)
        .addParameter(
            ParameterizedTypeName.get(
                RuntimeTypes.MAP,
                ClassName.get(String.class),
                WildcardTypeName.subtypeOf(Object.class)),
            "kafkaConfig")
        .addParameter(names.restoreHandler, "handler")
        .addJavadoc(
            "A feed that keeps {@code handler}'s state from this topic: it reads every partition\n"
                + "itself (no consumer group, no committed offsets), restores from the newest snapshot\n"
                + "or the beginning, then follows live events. Every instance of a service holds the\n"
                + "full state. Configure snapshots and progress on the builder, then start it:\n\n"
                + "<pre>{@code\n"
                + "$L view = new $L();\n"
                + "try (StateFeed feed = $L.feed(kafkaConfig, view)\n"
                + "    .snapshots(SnapshotStore.directory(Path.of(\"state\", \"$L\")))\n"
                + "    .start()) {\n"
                + "  feed.awaitCaughtUp(Duration.ofMinutes(5));\n"
                + "}\n"
                + "}</pre>\n\n"
                + "@param kafkaConfig plain Kafka consumer properties; {@code bootstrap.servers} is\n"
                + "    required\n"
                + "@param handler the state to keep: {@link $T} or the service's own restore handler\n",
            names.view.simpleName(),
            names.view.simpleName(),
            names.topic.simpleName(),
            names.resource.resourceName(),
            names.view)
        .addStatement(
            "return $T.builder(kafkaConfig).topic(NAME, DECODER, handler)", RuntimeTypes.STATE_FEED)
        .build();
  }

  /**
   * {@code process(kafkaConfig, groupId, processor)}: a running processor of this topic whose
   * emitted events commit with its input offsets.
   */
  private static MethodSpec process(ResourceNames names) {
    return MethodSpec.methodBuilder("process")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(RuntimeTypes.EVENT_PROCESSOR)
        .addParameter(
            ParameterizedTypeName.get(
                RuntimeTypes.MAP,
                ClassName.get(String.class),
                WildcardTypeName.subtypeOf(Object.class)),
            "kafkaConfig")
        .addParameter(String.class, "groupId")
        .addParameter(names.processor, "processor")
        .addJavadoc(
            "Starts {@code processor} on this topic in consumer group {@code groupId}, on a thread of\n"
                + "its own: per polled batch, one Kafka transaction holds the events it emits and the\n"
                + "batch's offsets, so {@code read_committed} readers see each input's output exactly\n"
                + "once. Close the returned processor to stop it.\n\n"
                + "@param kafkaConfig Kafka client properties ({@code bootstrap.servers} required) and\n"
                + "    protoevents settings\n"
                + "@param groupId the consumer group, shared by the instances of the processing service\n"
                + "@param processor what to emit for each event: {@link $T}\n",
            names.processor)
        .addStatement(
            "return $T.start(kafkaConfig, groupId, NAME, DECODER, processor)",
            RuntimeTypes.EVENT_PROCESSOR)
        .build();
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
        case DELETED -> {
          if (!names.restorecommerce()) {
            cases.addStatement("case $T.TYPE -> new $T(metadata.key(), metadata)", record, record);
          } else if (!names.deletedMessage.equals(names.message)) {
            cases.addStatement(
                "case $T.TYPE ->$Wnew $T(event.parse($T.parser()).getId(),$Wmetadata)",
                record,
                record,
                names.deletedMessage);
          } else {
            // the record key is the event name: the id is in the payload
            cases.addStatement(
                "case $T.TYPE ->$Wnew $T(keyOf(event.parse($T.parser())),$Wmetadata)",
                record,
                record,
                names.message);
          }
        }
      }
    }
    if (names.resource.fullStateOnly()) {
      // Not an unknown type to skip: a patch here means the producer's .proto differs, and
      // applying or skipping it would both give wrong state.
      cases.addStatement(
          "case $S ->$Wthrow new $T(event.describe()$W+ $S)",
          names.resource.simpleName() + "Patched",
          RuntimeTypes.EVENT_DECODING_EXCEPTION,
          ": a patch, but "
              + names.resource.protoName()
              + " is full_state_only (the producer's .proto differs)");
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
                + "@throws $T if the type is not an event of this resource$L or the payload is\n"
                + "    not the declared message\n",
            RuntimeTypes.EVENT_DECODING_EXCEPTION,
            names.resource.fullStateOnly() ? " (a patch included)" : "")
        .addStatement("$T metadata = event.metadata()", RuntimeTypes.EVENT_METADATA)
        .addCode("return switch (metadata.eventType()) {\n$>")
        .addCode(cases.build())
        .addCode("$<};\n")
        .build();
  }
}
