package dev.protoevents.generator.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates the handler interface of a resource ({@code OrderHandler}): one method per event and
 * the routing from the sealed event type to them.
 */
final class HandlerGenerator {
  private HandlerGenerator() {}

  static TypeSpec generate(ResourceNames names) {
    TypeSpec.Builder type =
        TypeSpec.interfaceBuilder(names.handler)
            .addModifiers(Modifier.PUBLIC)
            .addSuperinterface(ParameterizedTypeName.get(RuntimeTypes.EVENT_LISTENER, names.event))
            .addJavadoc(
                "Handles the events of the {@code $L} resource: one method per event. Methods run on\n"
                    + "the subscription's thread; an exception makes the subscription retry the event.\n",
                names.resource.protoName());
    for (EventMember member : names.members) {
      type.addMethod(
          MethodSpec.methodBuilder(member.handlerMethod())
              .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
              .addParameter(names.record(member), "event")
              .addException(Exception.class)
              .addJavadoc("Handles {@code $L}.\n", member.eventType())
              .build());
    }

    type.addMethod(EventRouting.onEvent(names, List.of()));
    return type.build();
  }
}
