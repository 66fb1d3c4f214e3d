package dev.protoevents.generator.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * Generates the processor interface of a resource ({@code OrderProcessor}): one default method per
 * event, each given the event and the processor's context to emit through, and the routing from the
 * sealed event type to them. A processor overrides the events it turns into new ones.
 */
final class ProcessorGenerator {
  private ProcessorGenerator() {}

  static TypeSpec generate(ResourceNames names) {
    EventMember example =
        names.members.stream()
            .filter(member -> member.kind() == EventMember.Kind.DOMAIN)
            .findFirst()
            .orElse(names.members.get(0));
    TypeSpec.Builder type =
        TypeSpec.interfaceBuilder(names.processor)
            .addModifiers(Modifier.PUBLIC)
            .addSuperinterface(
                ParameterizedTypeName.get(RuntimeTypes.PROCESSOR_LISTENER, names.event))
            .addJavadoc(
                "Processes the events of the {@code $L} resource into new events: override the\n"
                    + "methods of the events to act on (the others skip their event) and emit through\n"
                    + "an emitter on the context. What a method emits commits atomically with the input's\n"
                    + "offset; if it throws, nothing it emitted becomes visible and the event is retried.\n"
                    + "Run it with {@link $T#process}.\n\n"
                    + "<pre>{@code\n"
                    + "$T.process(kafkaConfig, \"billing\", new $T() {\n"
                    + "  public void $L($L.$L event, ProcessorContext context) {\n"
                    + "    new OtherEmitter(context).created(...); // any resource's emitter\n"
                    + "  }\n"
                    + "});\n"
                    + "}</pre>\n",
                names.resource.protoName(),
                names.topic,
                names.topic,
                names.processor,
                example.handlerMethod(),
                names.event.simpleName(),
                example.memberName());
    for (EventMember member : names.members) {
      type.addMethod(
          MethodSpec.methodBuilder(member.handlerMethod())
              .addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
              .addParameter(names.record(member), "event")
              .addParameter(RuntimeTypes.PROCESSOR_CONTEXT, "context")
              .addException(Exception.class)
              .addJavadoc(
                  "Processes {@code $L}; emit through {@code context}. The default does nothing.\n",
                  member.eventType())
              .build());
    }

    NameAllocator variables = new NameAllocator();
    variables.newName("event");
    variables.newName("context");
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
      route.addStatement("$N($N, context)", member.handlerMethod(), variable);
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
            .addParameter(RuntimeTypes.PROCESSOR_CONTEXT, "context")
            .addException(Exception.class)
            .addJavadoc("Routes {@code event} to the method for its type.\n")
            .addCode(route.build())
            .build());
    return type.build();
  }
}
