package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.NameAllocator;
import dev.protoevents.generator.model.DomainEvent;
import dev.protoevents.generator.model.GeneratedClass;
import dev.protoevents.generator.model.JavaName;
import dev.protoevents.generator.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names of everything generated for one resource: the classes, the event records and their
 * members. Names that would clash with Java keywords, with members every record has ({@code
 * metadata()}, {@code hashCode()}) or with each other are made unique here, once.
 */
final class ResourceNames {
  /** Names a record component may not take: members of every event and of java.lang.Object. */
  private static final List<String> RESERVED =
      List.of(
          "metadata",
          "fieldMask",
          "id",
          "TYPE",
          "clone",
          "equals",
          "finalize",
          "getClass",
          "hashCode",
          "notify",
          "notifyAll",
          "toString",
          "wait");

  final Resource resource;
  final ClassName message;
  final ClassName event;
  final ClassName topic;
  final ClassName publisher;
  final ClassName subscriber;
  final ClassName handler;
  final ClassName restoreHandler;
  final ClassName view;
  final ClassName emitter;
  final ClassName processor;
  final List<EventMember> members;

  /** The message a delete carries: the resource's, or Restorecommerce's {@code Deleted}. */
  final ClassName deletedMessage;

  ResourceNames(Resource resource) {
    this.resource = resource;
    this.message = className(resource.messageClass());
    String prefix = resource.simpleName();
    this.event = generated(GeneratedClass.EVENT);
    this.topic = generated(GeneratedClass.TOPIC);
    this.publisher = generated(GeneratedClass.PUBLISHER);
    this.subscriber = generated(GeneratedClass.SUBSCRIBER);
    this.handler = generated(GeneratedClass.HANDLER);
    this.restoreHandler = generated(GeneratedClass.RESTORE_HANDLER);
    this.view = generated(GeneratedClass.VIEW);
    this.emitter = generated(GeneratedClass.EMITTER);
    this.processor = generated(GeneratedClass.PROCESSOR);

    String resourcePayload = componentName(prefix);
    List<EventMember> list = new ArrayList<>();
    list.add(resourceEvent(EventMember.Kind.CREATED, "Created", resourcePayload));
    list.add(resourceEvent(EventMember.Kind.REPLACED, "Replaced", resourcePayload));
    this.deletedMessage =
        resource
            .restorecommerce()
            .flatMap(wire -> wire.deletedMessage())
            .map(ResourceNames::className)
            .orElse(message);
    if (!resource.fullStateOnly() && !restorecommerce()) {
      list.add(resourceEvent(EventMember.Kind.PATCHED, "Patched", resourcePayload));
    }
    list.add(resourceEvent(EventMember.Kind.DELETED, "Deleted", "id"));
    for (DomainEvent domainEvent : resource.domainEvents()) {
      ClassName payload = className(domainEvent.messageClass());
      list.add(
          new EventMember(
              EventMember.Kind.DOMAIN,
              domainEvent.memberName(),
              domainEvent.eventType(),
              payload,
              componentName(payload.simpleName()),
              methodName(domainEvent.memberName()),
              "on" + domainEvent.memberName(),
              Optional.of(domainEvent)));
    }
    this.members = List.copyOf(list);
  }

  /** True for a resource on Restorecommerce's wire: no patches, names from its option. */
  boolean restorecommerce() {
    return resource.restorecommerce().isPresent();
  }

  private ClassName generated(GeneratedClass kind) {
    return ClassName.get(resource.javaPackage(), kind.simpleName(resource));
  }

  private EventMember resourceEvent(EventMember.Kind kind, String member, String payloadName) {
    return new EventMember(
        kind,
        member,
        resource.simpleName() + member,
        message,
        payloadName,
        methodName(member),
        "on" + member,
        Optional.empty());
  }

  /** A lowerCamel identifier for {@code typeName} that is no keyword and no reserved member. */
  private static String componentName(String typeName) {
    NameAllocator names = new NameAllocator();
    RESERVED.forEach(names::newName);
    return names.newName(lowerCamel(typeName));
  }

  private static String methodName(String member) {
    return new NameAllocator().newName(lowerCamel(member));
  }

  static String lowerCamel(String name) {
    int upper = 0;
    while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
      upper++;
    }
    if (upper == 0) {
      return name;
    }
    // "HTTPRequest" -> "httpRequest", "Order" -> "order", "URL" -> "url"
    int cut = upper == name.length() || upper == 1 ? upper : upper - 1;
    return name.substring(0, cut).toLowerCase(java.util.Locale.ROOT) + name.substring(cut);
  }

  static ClassName className(JavaName name) {
    List<String> simple = name.simpleNames();
    return ClassName.get(
        name.packageName(), simple.get(0), simple.subList(1, simple.size()).toArray(String[]::new));
  }

  /** The nested record class of {@code member}, e.g. {@code OrderEvent.Created}. */
  ClassName record(EventMember member) {
    return event.nestedClass(member.memberName());
  }

  /** The source files this resource's classes are generated from, sorted. */
  List<String> sourceFiles() {
    java.util.TreeSet<String> files = new java.util.TreeSet<>();
    files.add(resource.sourceFile());
    resource.domainEvents().forEach(e -> files.add(e.sourceFile()));
    return List.copyOf(files);
  }
}
