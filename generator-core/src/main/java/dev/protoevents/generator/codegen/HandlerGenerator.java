package dev.protoevents.generator.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
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

    NameAllocator variables = new NameAllocator();
    variables.newName("event");
    CodeBlock.Builder route = CodeBlock.builder();
    boolean first = true;
    for (EventMember member : names.members) {
      String variable = variables.newName(ResourceNames.lowerCamel(member.memberName()));
      if (first) {
        route.beginControlFlow("if (event instanceof $T $N)", names.record(member), variable);
        first = false;
      } else {
        route.nextControlFlow("else if (event instanceof $T $N)", names.record(member), variable);
      }
      route.addStatement("$N($N)", member.handlerMethod(), variable);
    }
    route
        .nextControlFlow("else")
        .addStatement(
            "throw new $T($S + event)",
            IllegalArgumentException.class,
            "not an event of " + names.resource.simpleName() + ": ")
        .endControlFlow();

    type.addMethod(
        MethodSpec.methodBuilder("onEvent")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
            .addParameter(names.event, "event")
            .addException(Exception.class)
            .addJavadoc("Routes {@code event} to the method for its type.\n")
            .addCode(route.build())
            .build());
    return type.build();
  }
}
