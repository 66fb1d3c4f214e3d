package dev.protoevents.generator.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Generates the restore side of a resource: the restore handler hook ({@code OrderRestoreHandler})
 * and the ready-made in-memory view ({@code OrderView}).
 */
final class RestoreGenerator {
  private RestoreGenerator() {}

  static TypeSpec restoreHandler(ResourceNames names) {
    return TypeSpec.interfaceBuilder(names.restoreHandler)
        .addModifiers(Modifier.PUBLIC)
        .addSuperinterface(names.handler)
        .addSuperinterface(ParameterizedTypeName.get(RuntimeTypes.RESTORE_HANDLER, names.event))
        .addJavadoc(
            "Keeps a service's local state from the {@code $L} topic. Fed by {@link $T#feed}, it\n"
                + "receives every event in order: the replay between {@link #restoreStarted()} and\n"
                + "{@link #restoreCompleted()}, then the live events. {@link $T} is a ready-made\n"
                + "implementation; implement this interface for state of your own (a projection, a\n"
                + "cache) and keep it the same way:\n\n"
                + "<pre>{@code\n"
                + "try (StateFeed feed = $L.feed(kafkaConfig, handler).start()) {\n"
                + "  feed.awaitCaughtUp(Duration.ofMinutes(5));\n"
                + "}\n"
                + "}</pre>\n",
            names.resource.protoName(),
            names.topic,
            names.view,
            names.topic.simpleName())
        .build();
  }

  static TypeSpec view(ResourceNames names) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(names.view)
            .addModifiers(Modifier.PUBLIC)
            .superclass(ParameterizedTypeName.get(RuntimeTypes.RESOURCE_VIEW, names.message))
            .addSuperinterface(names.restoreHandler)
            .addJavadoc(
                "An in-memory view of every {@code $L}: id to latest state, kept current by the\n"
                    + (names.resource.fullStateOnly() || names.restorecommerce()
                        ? "created, replaced and deleted events (the resource has no patched event).\n\n"
                        : "four resource events. Domain events leave it unchanged; override their methods\n"
                            + "to react.\n\n")
                    + "<p>Keep it current with a feed ({@link $T#feed}), which restores it from its\n"
                    + "newest snapshot or the beginning, then follows live events:\n\n"
                    + "<pre>{@code\n"
                    + "$L view = new $L();\n"
                    + "try (StateFeed feed = $L.feed(kafkaConfig, view)\n"
                    + "    .snapshots(SnapshotStore.directory(Path.of(\"state\", \"$L\")))\n"
                    + "    .start()) {\n"
                    + "  feed.awaitCaughtUp(Duration.ofMinutes(5));\n"
                    + "  view.get(id);\n"
                    + "}\n"
                    + "}</pre>\n\n"
                    + "<p>Not through a consumer group ({@link $T}): a group resumes from its committed\n"
                    + "offsets after a restart and splits the partitions between instances, so the view\n"
                    + "would miss events.\n",
                names.resource.protoName(),
                names.topic,
                names.view.simpleName(),
                names.view.simpleName(),
                names.topic.simpleName(),
                names.resource.resourceName(),
                names.subscriber)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("An empty view.\n")
                    .addStatement(
                        "super($T.getDefaultInstance(),$W$T.$L_FIELD_NUMBER)",
                        names.message,
                        names.message,
                        names.resource.key().name().toUpperCase(Locale.ROOT))
                    .build());
    for (EventMember member : names.members) {
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(member.handlerMethod())
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .addParameter(names.record(member), "event");
      switch (member.kind()) {
        case CREATED -> method.addStatement("applyCreated(event.$N())", member.payloadName());
        case REPLACED -> method.addStatement("applyReplaced(event.$N())", member.payloadName());
        case PATCHED ->
            method.addStatement(
                "applyPatched(event.$N(), event.fieldMask())", member.payloadName());
        case DELETED -> method.addStatement("applyDeleted(event.id())");
        case DOMAIN ->
            method.addComment(
                "$L does not change the state of $L $L.",
                member.eventType(),
                Articles.of(names.resource.simpleName()),
                names.resource.simpleName());
      }
      type.addMethod(method.build());
    }
    return type.build();
  }
}
