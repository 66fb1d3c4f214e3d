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
            "Rebuilds a service's local state from the {@code $L} topic: it receives every event in\n"
                + "order between {@link #restoreStarted()} and {@link #restoreCompleted()}. {@link $T}\n"
                + "is a ready-made implementation.\n",
            names.resource.protoName(),
            names.view)
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
                    + (names.resource.fullStateOnly()
                        ? "created, replaced and deleted events (the resource has no patched event).\n\n"
                        : "four resource events. Domain events leave it unchanged; override their methods\n"
                            + "to react.\n\n")
                    + "<pre>{@code\n"
                    + "$T view = new $T();\n"
                    + "new $T(subscriber).subscribe(view);\n"
                    + "}</pre>\n",
                names.resource.protoName(),
                names.view,
                names.view,
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
