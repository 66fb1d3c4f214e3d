package dev.protoevents.generator.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.protoevents.generator.model.DomainEvent;
import dev.protoevents.generator.model.GeneratedClass;
import dev.protoevents.generator.model.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The naming and clash rules, checked while the model is built: names of resources and domain
 * events ({@link NamingRules} reads the words), topics two resources would share, event names a
 * resource would get twice, and generated classes named like protoc's. Every violation goes to
 * {@link Problems} with its stable tag and a fix.
 */
final class NamingValidator {
  private final List<FileDescriptor> allFiles;
  private final Problems problems;

  NamingValidator(List<FileDescriptor> allFiles, Problems problems) {
    this.allFiles = List.copyOf(allFiles);
    this.problems = problems;
  }

  /** A namespace that cannot start a topic name. */
  void checkNamespace(String namespace) {
    if (!NamingRules.isNamespace(namespace)) {
      problems.inConfiguration(
          "protoevents configuration (namespace)",
          "invalid-namespace",
          "namespace '" + namespace + "' is not dot-separated lower snake_case.",
          "use a namespace such as 'io.restorecommerce' or 'com.example.shop'.");
    }
  }

  /**
   * The names of a resource: the message name (unless exempt), the resource name and the topic,
   * which must follow {@code <namespace>.<resource>.resource} unless exempt.
   *
   * @param option field number of the option that declared the resource, for the error position
   * @param topicOverride the topic the declaration sets, if any
   */
  void checkResourceNaming(
      Descriptor message,
      int option,
      String resourceName,
      Optional<String> topicOverride,
      String namespace,
      boolean exempt) {
    if (!exempt) {
      checkResourceName(message);
    }
    if (!NamingRules.isSnakeCase(resourceName)) {
      problems.atOption(
          message,
          option,
          "topic-pattern",
          "resource name '"
              + resourceName
              + "' is not lower snake_case, so the topic would not follow <namespace>.<resource>.resource.",
          "set (protoevents.resource).name to e.g. '"
              + NamingRules.snakeCase(resourceName.replaceAll("[^A-Za-z0-9]", ""))
              + "'.");
    }
    if (topicOverride.isEmpty()) {
      return;
    }
    String topic = topicOverride.get();
    Optional<String> invalid = NamingRules.invalidTopicName(topic);
    if (invalid.isPresent()) {
      problems.atOption(
          message,
          option,
          "invalid-topic-name",
          invalid.get() + ".",
          "use a topic name such as '" + NamingRules.topic(namespace, resourceName) + "'.");
    } else if (!exempt && !NamingRules.followsTopicPattern(topic, resourceName)) {
      problems.atOption(
          message,
          option,
          "topic-pattern",
          "topic '"
              + topic
              + "' does not follow <namespace>.<resource>.resource ('"
              + NamingRules.topic(namespace, resourceName)
              + "').",
          "remove the topic override, use '<namespace>."
              + resourceName
              + ".resource', or add option (protoevents.naming_exemption) = \"<why>\".");
    }
  }

  /** A resource named after a piece of software ({@code OrderService}). */
  private void checkResourceName(Descriptor message) {
    String simpleName = message.getName();
    NamingRules.serviceWord(simpleName)
        .ifPresent(
            word ->
                problems.at(
                    message,
                    "resource-named-after-service",
                    "resources are named after domain entities, but '"
                        + simpleName
                        + "' names a service ('"
                        + word
                        + "').",
                    "rename it after the entity it holds, e.g. '"
                        + NamingRules.withoutServiceWords(simpleName)
                        + "', or add option (protoevents.naming_exemption) = \"<why>\"."));
  }

  /** A domain event not named after an entity and what happened to it, in the past tense. */
  void checkEventName(Descriptor message) {
    String name = message.getName();
    Optional<NamingRules.Violation> violation = NamingRules.checkEventName(name);
    if (violation.isEmpty()) {
      return;
    }
    Optional<String> suggestion = violation.get().suggestion();
    if (violation.get().tag().equals("event-named-after-service")) {
      problems.at(
          message,
          "event-named-after-service",
          "events are named after domain entities, but '"
              + name
              + "' names a service ('"
              + NamingRules.serviceWord(name).orElseThrow()
              + "').",
          "name it after the entity and what happened to it, e.g. '"
              + suggestion.orElse("OrderCompleted")
              + "', or add option (protoevents.naming_exemption) = \"<why>\".");
    } else {
      problems.at(
          message,
          "event-not-past-tense",
          "events say what happened, in the past tense, but '"
              + name
              + "' does not end in a past participle.",
          "rename it to "
              + suggestion
                  .map(s -> "'" + s + "'")
                  .orElse("an entity followed by a past participle, e.g. 'OrderCompleted'")
              + ", or add option (protoevents.naming_exemption) = \"<why>\".");
    }
  }

  /** Two resources whose topics Kafka would take for one. */
  void checkTopicClashes(Map<Descriptor, Resource> resources) {
    Map<String, Descriptor> byTopic = new HashMap<>();
    for (Map.Entry<Descriptor, Resource> entry : resources.entrySet()) {
      String topic = entry.getValue().topic().name();
      // Kafka treats '.' and '_' alike in metric names and refuses topics that differ only there.
      String normalized = topic.replace('.', '_');
      Descriptor other = byTopic.putIfAbsent(normalized, entry.getKey());
      if (other != null) {
        problems.at(
            entry.getKey(),
            "topic-clash",
            "its topic '"
                + topic
                + "' is also the topic of "
                + other.getFullName()
                + (topic.equals(resources.get(other).topic().name())
                    ? "."
                    : " (Kafka treats '.' and '_' in topic names alike)."),
            "give each resource its own topic: set (protoevents.resource).name or .topic.");
      }
    }
  }

  /** A domain event named like a resource event or like another domain event. */
  void checkEventNameClashes(
      Descriptor resourceMessage,
      Resource resource,
      List<DomainEvent> events,
      Set<Descriptor> eventMessages) {
    Map<String, String> taken = new HashMap<>();
    for (String member : List.of("Created", "Replaced", "Patched", "Deleted")) {
      taken.put(member, "the resource event " + resource.simpleName() + member);
    }
    for (DomainEvent event : events) {
      String previous = taken.putIfAbsent(event.memberName(), "domain event " + event.protoName());
      if (previous != null) {
        Descriptor message =
            eventMessages.stream()
                .filter(m -> m.getFullName().equals(event.protoName()))
                .findFirst()
                .orElse(resourceMessage);
        problems.at(
            message,
            "name-clash",
            "as an event of "
                + resource.protoName()
                + " it is named '"
                + event.memberName()
                + "', which clashes with "
                + previous
                + ".",
            "rename the event; every event of a resource needs its own name.");
      }
    }
  }

  /** Generated classes named like protoc classes or like each other. */
  void checkTypeNameClashes(Map<Descriptor, Resource> resources) {
    // Top-level classes protoc writes, by Java package, from every file of the build.
    Map<String, Map<String, String>> protocClasses = new HashMap<>();
    for (FileDescriptor file : allFiles) {
      for (String name : JavaNames.topLevelClasses(file)) {
        protocClasses
            .computeIfAbsent(JavaNames.javaPackage(file), p -> new HashMap<>())
            .putIfAbsent(name, file.getName());
      }
    }
    Map<String, String> generated = new HashMap<>();
    for (Map.Entry<Descriptor, Resource> entry : resources.entrySet()) {
      Resource resource = entry.getValue();
      for (GeneratedClass kind : GeneratedClass.values()) {
        String simple = kind.simpleName(resource);
        String qualified = kind.qualifiedName(resource);
        String protocFile =
            protocClasses.getOrDefault(resource.javaPackage(), Map.of()).get(simple);
        if (protocFile != null) {
          problems.at(
              entry.getKey(),
              "name-clash",
              "protoevents generates class "
                  + qualified
                  + " for this resource, but protoc generates a class of that name from "
                  + protocFile
                  + ".",
              "rename the message or type that protoc turns into "
                  + simple
                  + ", or move one of them to another java_package.");
        }
        String previous = generated.putIfAbsent(qualified, resource.protoName());
        if (previous != null) {
          problems.at(
              entry.getKey(),
              "name-clash",
              "protoevents generates class "
                  + qualified
                  + " for both "
                  + previous
                  + " and "
                  + resource.protoName()
                  + ".",
              "rename one of the resources or give their files different java_package options.");
        }
      }
    }
  }
}
