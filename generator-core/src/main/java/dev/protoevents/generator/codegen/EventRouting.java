package dev.protoevents.generator.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The {@code onEvent} method that handler and processor interfaces share: it routes the sealed
 * event type to the interface's method for each event, passing the further parameters along.
 */
final class EventRouting {
  private EventRouting() {}

  /**
   * {@code onEvent(event, extra...)}: an {@code instanceof} chain calling each member's handler
   * method with the event and {@code extra}, and throwing for anything else.
   */
  static MethodSpec onEvent(ResourceNames names, List<ParameterSpec> extra) {
    NameAllocator variables = new NameAllocator();
    variables.newName("event");
    extra.forEach(parameter -> variables.newName(parameter.name()));
    String passed = extra.stream().map(p -> ", " + p.name()).collect(Collectors.joining());
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
      route.addStatement("$N($N" + passed + ")", member.handlerMethod(), variable);
    }
    route
        .nextControlFlow("else")
        .addStatement(
            "throw new $T($S + event)",
            IllegalArgumentException.class,
            "not an event of " + names.resource.simpleName() + ": ")
        .endControlFlow();

    return MethodSpec.methodBuilder("onEvent")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
        .addParameter(names.event, "event")
        .addParameters(extra)
        .addException(Exception.class)
        .addJavadoc("Routes {@code event} to the method for its type.\n")
        .addCode(route.build())
        .build();
  }
}
