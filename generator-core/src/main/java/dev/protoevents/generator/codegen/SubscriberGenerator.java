package dev.protoevents.generator.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** Generates the subscriber of a resource ({@code OrderSubscriber}). */
final class SubscriberGenerator {
  private SubscriberGenerator() {}

  static TypeSpec generate(ResourceNames names) {
    return TypeSpec.classBuilder(names.subscriber)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(
            "Subscribes handlers to the events of the {@code $L} resource, in the consumer group of\n"
                + "the given {@link $T}: for side effects (send a mail, call a service, emit new\n"
                + "events), each event handled by one instance of the service. Subscriptions can be\n"
                + "opened and closed at run time.\n\n"
                + "<pre>{@code\n"
                + "Subscription subscription = new $T(subscriber).subscribe(handler);\n"
                + "subscription.close(); // unsubscribe\n"
                + "}</pre>\n\n"
                + "<p>State (a view, a cache) belongs in a feed, {@link $T#feed}, not in a group: a\n"
                + "group resumes from its committed offsets and splits the partitions between\n"
                + "instances. A service that needs both runs a feed for its state and a subscription\n"
                + "for its side effects.\n",
            names.resource.protoName(),
            RuntimeTypes.EVENT_SUBSCRIBER,
            names.subscriber,
            names.topic)
        .addField(RuntimeTypes.EVENT_SUBSCRIBER, "subscriber", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Subscribes through {@code subscriber} and its consumer group.\n")
                .addParameter(RuntimeTypes.EVENT_SUBSCRIBER, "subscriber")
                .addStatement(
                    "this.subscriber = $T.requireNonNull(subscriber, $S)",
                    RuntimeTypes.OBJECTS,
                    "subscriber")
                .build())
        .addMethod(
            MethodSpec.methodBuilder("subscribe")
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeTypes.SUBSCRIPTION)
                .addParameter(names.handler, "handler")
                .addJavadoc(
                    "Starts delivering the events of {@value $T#NAME} to {@code handler} on the\n"
                        + "subscription's own thread. Close the returned subscription to unsubscribe.\n",
                    names.topic)
                .addStatement(
                    "return subscriber.subscribe($T.NAME, $T.DECODER, handler)",
                    names.topic,
                    names.topic)
                .build())
        .build();
  }
}
