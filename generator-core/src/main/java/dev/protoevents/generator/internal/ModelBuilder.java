package dev.protoevents.generator.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.protoevents.generator.model.DomainEvent;
import dev.protoevents.generator.model.EventModel;
import dev.protoevents.generator.model.JavaName;
import dev.protoevents.generator.model.KeyField;
import dev.protoevents.generator.model.Resource;
import dev.protoevents.generator.model.RestorecommerceWire;
import dev.protoevents.generator.model.TopicDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The last step of reading: maps the declarations the {@link OptionsReader} found (and the
 * resources named in the configuration) to the {@link EventModel}, resolving topics, topic settings
 * and key fields with their defaults. The {@link NamingValidator} checks names and clashes on the
 * way; every problem goes to {@link Problems}.
 */
public final class ModelBuilder {
  private static final Set<String> CLEANUP_POLICIES =
      Set.of("delete", "compact", "compact,delete", "delete,compact");

  private final List<FileDescriptor> allFiles;
  private final Set<String> filesToGenerate;
  private final String namespace;
  private final List<String> configuredResources;
  private final Problems problems;
  private final OptionsReader reader;
  private final NamingValidator validator;

  /**
   * @param allFiles every file of the descriptor set, imports included, built by {@code reader}
   * @param filesToGenerate names of the files the build generates for
   * @param namespace topic namespace
   * @param configuredResources message names configured as resources
   * @param reader reads the options of the messages
   * @param problems where violations go
   */
  public ModelBuilder(
      List<FileDescriptor> allFiles,
      Set<String> filesToGenerate,
      String namespace,
      List<String> configuredResources,
      OptionsReader reader,
      Problems problems) {
    this.allFiles = List.copyOf(allFiles);
    this.filesToGenerate = Set.copyOf(filesToGenerate);
    this.namespace = namespace;
    this.configuredResources = List.copyOf(configuredResources);
    this.problems = problems;
    this.reader = reader;
    this.validator = new NamingValidator(this.allFiles, problems);
  }

  /** Builds the model; check {@link Problems#any()} before using it. */
  public EventModel build() {
    validator.checkNamespace(namespace);
    List<Descriptor> messages = new ArrayList<>();
    for (FileDescriptor file : allFiles) {
      if (filesToGenerate.contains(file.getName())) {
        file.getMessageTypes().forEach(m -> collect(m, messages));
      }
    }

    OptionsReader.Declarations declared = reader.read(messages, problems);
    Map<Descriptor, ResourceDeclaration> resourceMessages =
        new LinkedHashMap<>(declared.resources());
    Map<Descriptor, EventDeclaration> eventMessages = declared.events();
    addConfiguredResources(messages, resourceMessages, eventMessages);

    Map<Descriptor, Resource> resources = new LinkedHashMap<>();
    resourceMessages.forEach(
        (message, options) -> resource(message, options).ifPresent(r -> resources.put(message, r)));
    validator.checkTopicClashes(resources);

    Map<Descriptor, List<DomainEvent>> eventsByResource = new HashMap<>();
    eventMessages.forEach(
        (message, options) ->
            domainEvent(message, options, resourceMessages.keySet(), resources)
                .ifPresent(
                    pair ->
                        eventsByResource
                            .computeIfAbsent(pair.resource(), r -> new ArrayList<>())
                            .add(pair.event())));

    List<Resource> result = new ArrayList<>();
    for (Map.Entry<Descriptor, Resource> entry : resources.entrySet()) {
      List<DomainEvent> events =
          new ArrayList<>(eventsByResource.getOrDefault(entry.getKey(), List.of()));
      events.sort(
          Comparator.comparing(DomainEvent::memberName).thenComparing(DomainEvent::protoName));
      Resource resource = entry.getValue();
      validator.checkEventNameClashes(entry.getKey(), resource, events, eventMessages.keySet());
      result.add(
          new Resource(
              resource.protoName(),
              resource.sourceFile(),
              resource.messageClass(),
              resource.resourceName(),
              resource.topic(),
              resource.key(),
              events,
              resource.fullStateOnly(),
              resource.restorecommerce()));
    }
    validator.checkTypeNameClashes(resources);
    result.sort(Comparator.comparing(Resource::protoName));
    Map<String, java.util.SortedSet<String>> protocClasses = new TreeMap<>();
    for (FileDescriptor file : allFiles) {
      protocClasses
          .computeIfAbsent(JavaNames.javaPackage(file), p -> new TreeSet<>())
          .addAll(JavaNames.topLevelClasses(file));
    }
    return new EventModel(result, protocClasses);
  }

  private static void collect(Descriptor message, List<Descriptor> into) {
    if (message.getOptions().getMapEntry()) {
      return;
    }
    into.add(message);
    message.getNestedTypes().forEach(m -> collect(m, into));
  }

  private void addConfiguredResources(
      List<Descriptor> messages,
      Map<Descriptor, ResourceDeclaration> resources,
      Map<Descriptor, EventDeclaration> events) {
    for (String name : new TreeSet<>(configuredResources)) {
      String wanted = name.startsWith(".") ? name.substring(1) : name;
      List<Descriptor> matches =
          messages.stream()
              .filter(m -> m.getFullName().equals(wanted) || m.getName().equals(wanted))
              .toList();
      String where = "protoevents configuration (resources: " + name + ")";
      if (matches.isEmpty()) {
        problems.inConfiguration(
            where,
            "unknown-resource",
            "no message named '" + name + "' in the .proto files of this build.",
            "use the message's full name, e.g. 'shop.orders.Order', or remove it from <resources>.");
      } else if (matches.size() > 1) {
        problems.inConfiguration(
            where,
            "ambiguous-resource",
            "'"
                + name
                + "' matches "
                + matches.stream().map(Descriptor::getFullName).sorted().toList()
                + ".",
            "use the message's full name.");
      } else if (events.containsKey(matches.get(0))) {
        problems.at(
            matches.get(0),
            "resource-and-event",
            "configured as a resource but marked as a domain event.",
            "remove it from <resources> or remove (protoevents.event).");
      } else {
        resources.putIfAbsent(matches.get(0), ResourceDeclaration.configured());
      }
    }
  }

  private Optional<Resource> resource(Descriptor message, ResourceDeclaration options) {
    boolean exempt = reader.namingExemption(message, problems);
    // A kafka_subscriber resource belongs to a running Restorecommerce system: its names and topic
    // are fixed there, so the naming rules do not apply (the topic name is still checked).
    exempt |= options.restorecommerce().isPresent();
    int problemsBefore = problems.count();
    String simpleName = message.getName();
    int option = options.optionNumber();
    String resourceName = options.name().orElse(NamingRules.snakeCase(simpleName));
    String topic = options.topic().orElse(NamingRules.topic(namespace, resourceName));
    validator.checkResourceNaming(
        message, option, resourceName, options.topic(), namespace, exempt);

    int partitions = options.partitions().orElse(1);
    if (partitions < 1) {
      problems.atOption(
          message,
          option,
          "invalid-topic-setting",
          "partitions must be at least 1 but is " + partitions + ".",
          "set partitions to 1 or more, or leave it out.");
    }
    Optional<Integer> replication = options.replicationFactor();
    if (replication.isPresent() && (replication.get() < 1 || replication.get() > Short.MAX_VALUE)) {
      problems.atOption(
          message,
          option,
          "invalid-topic-setting",
          "replication_factor must be between 1 and "
              + Short.MAX_VALUE
              + " but is "
              + replication.get()
              + ".",
          "set a valid replication factor, or leave it out for the broker's default.");
    }
    TreeMap<String, String> configs = new TreeMap<>(options.topicConfig());
    Optional<Long> retention = options.retentionMs();
    if (retention.isPresent()) {
      if (retention.get() < -1) {
        problems.atOption(
            message,
            option,
            "invalid-topic-setting",
            "retention_ms must be -1 (forever) or more but is " + retention.get() + ".",
            "set retention_ms to -1 or a number of milliseconds.");
      }
      duplicateSetting(message, option, configs, "retention.ms", "retention_ms");
      configs.put("retention.ms", Long.toString(retention.get()));
    }
    Optional<String> cleanup = options.cleanupPolicy();
    if (cleanup.isPresent()) {
      if (!CLEANUP_POLICIES.contains(cleanup.get())) {
        problems.atOption(
            message,
            option,
            "invalid-topic-setting",
            "cleanup_policy must be 'delete', 'compact' or 'compact,delete' but is '"
                + cleanup.get()
                + "'.",
            "use one of those values, or leave it out.");
      }
      duplicateSetting(message, option, configs, "cleanup.policy", "cleanup_policy");
      configs.put("cleanup.policy", cleanup.get());
    }
    boolean fullStateOnly = options.fullStateOnly();
    String policy = configs.get("cleanup.policy");
    if (policy != null && compacts(policy) && !fullStateOnly) {
      problems.atOption(
          message,
          option,
          "compacted-event-log",
          "cleanup.policy '"
              + policy
              + "' would compact the topic, but every event of "
              + simpleName
              + " shares the entity's key, so compaction keeps only the last one (a patch or a"
              + " domain event) and a restore builds wrong state; deletes are events, not"
              + " tombstones.",
          "drop the cleanup policy (keep the log; snapshots keep restores short), or opt in with"
              + " full_state_only: true in (protoevents.resource), which writes only full states"
              + " and tombstones (no patches, no domain events).");
    }

    String keyName = options.keyField().orElse("id");
    Optional<KeyField> key = keyField(message, keyName, "resource", options.keyField().isPresent());
    if (key.isEmpty() || problems.count() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new Resource(
            message.getFullName(),
            message.getFile().getName(),
            JavaNames.of(message),
            resourceName,
            new TopicDeclaration(topic, Math.max(partitions, 1), replication, configs),
            key.get(),
            List.of(),
            fullStateOnly,
            options.restorecommerce().map(names -> restorecommerceWire(message, names))));
  }

  /**
   * Restorecommerce's names for {@code message}; a delete carries the {@code Deleted} message of
   * the resource's file (its string {@code id}), as their services configure it, where there is
   * one.
   */
  private static RestorecommerceWire restorecommerceWire(
      Descriptor message, ResourceDeclaration.KafkaSubscriber names) {
    Optional<JavaName> deleted = Optional.empty();
    Descriptor candidate = message.getFile().findMessageTypeByName("Deleted");
    if (candidate != null && candidate != message) {
      FieldDescriptor id = candidate.findFieldByName("id");
      if (id != null && !id.isRepeated() && id.getType() == FieldDescriptor.Type.STRING) {
        deleted = Optional.of(JavaNames.of(candidate));
      }
    }
    return new RestorecommerceWire(
        names.plural(), names.created(), names.updated(), names.deleted(), deleted);
  }

  private void duplicateSetting(
      Descriptor message,
      int option,
      Map<String, String> configs,
      String kafkaKey,
      String optionField) {
    if (configs.containsKey(kafkaKey)) {
      problems.atOption(
          message,
          option,
          "invalid-topic-setting",
          "'" + kafkaKey + "' is set both by " + optionField + " and in topic_config.",
          "set it in one place only.");
    }
  }

  private record EventOfResource(Descriptor resource, DomainEvent event) {}

  private Optional<EventOfResource> domainEvent(
      Descriptor message,
      EventDeclaration options,
      Set<Descriptor> resourceMessages,
      Map<Descriptor, Resource> resources) {
    String name = message.getName();
    if (!reader.namingExemption(message, problems)) {
      validator.checkEventName(message);
    }
    int option = options.optionNumber();

    Optional<String> resourceRef = options.resource();
    if (resourceRef.isEmpty()) {
      problems.atOption(
          message,
          option,
          "missing-event-resource",
          "a domain event must name its resource.",
          "set (protoevents.event) = { resource: \"Order\" }.");
      return Optional.empty();
    }
    Optional<Descriptor> target = resolveMessage(message, resourceRef.get());
    if (target.isEmpty() || !resourceMessages.contains(target.get())) {
      String what =
          target.isEmpty()
              ? "names resource '"
                  + resourceRef.get()
                  + "', but no such message is visible from "
                  + message.getFile().getName()
                  + "."
              : "names resource '"
                  + resourceRef.get()
                  + "', but "
                  + target.get().getFullName()
                  + " is not a resource.";
      problems.atOption(
          message,
          option,
          "unknown-resource",
          what,
          target.isEmpty()
              ? "use the simple name of a resource in the same package or its full name, and import its file."
              : "mark "
                  + target.get().getName()
                  + " with option (protoevents.resource), or name another resource.");
      return Optional.empty();
    }
    Descriptor resourceMessage = target.get();
    Resource resource = resources.get(resourceMessage);
    if (resource == null) {
      return Optional.empty(); // the resource itself is broken and already reported
    }
    if (resource.fullStateOnly()) {
      problems.atOption(
          message,
          option,
          "event-on-full-state-resource",
          "domain event "
              + name
              + " is declared on "
              + resource.protoName()
              + ", which sets full_state_only: only full states and tombstones go to its topic, so"
              + " that compaction keeps each entity's state; a domain event would replace it.",
          "record what "
              + name
              + " says in the state of "
              + resourceMessage.getName()
              + " and publish it as replaced, or drop full_state_only (and the compaction) from "
              + resourceMessage.getName()
              + ".");
      return Optional.empty();
    }
    String resourceSimple = resourceMessage.getName();

    Optional<String> keyOption = options.keyField();
    String keyName;
    if (keyOption.isPresent()) {
      keyName = keyOption.get();
    } else {
      String conventional = resource.resourceName() + "_id";
      keyName = message.findFieldByName(conventional) != null ? conventional : "id";
    }
    Optional<KeyField> key = keyField(message, keyName, "domain event", keyOption.isPresent());
    if (key.isEmpty()) {
      return Optional.empty();
    }
    String member =
        name.startsWith(resourceSimple)
                && name.length() > resourceSimple.length()
                && Character.isUpperCase(name.charAt(resourceSimple.length()))
            ? name.substring(resourceSimple.length())
            : name;
    return Optional.of(
        new EventOfResource(
            resourceMessage,
            new DomainEvent(
                message.getFullName(),
                message.getFile().getName(),
                JavaNames.of(message),
                name,
                member,
                key.get())));
  }

  private Optional<KeyField> keyField(
      Descriptor message, String fieldName, String kind, boolean explicit) {
    FieldDescriptor field = message.findFieldByName(fieldName);
    if (field == null) {
      String conventionalHint =
          kind.equals("resource")
              ? "add 'string "
                  + fieldName
                  + " = <n>;' or set (protoevents.resource).key_field to the id field."
              : "add the id of the resource as a field, e.g. 'string "
                  + fieldName
                  + " = <n>;', or set (protoevents.event).key_field.";
      problems.at(
          message,
          "missing-key-field",
          "the "
              + kind
              + " has no key field '"
              + fieldName
              + "'"
              + (explicit ? "" : " (the default)")
              + "; the key field holds the resource id used as the record key.",
          conventionalHint);
      return Optional.empty();
    }
    KeyField.KeyType type = keyType(field);
    if (field.isRepeated() || type == null) {
      problems.at(
          field,
          "key-field-type",
          "a key field must be a singular string or integer field, but '"
              + fieldName
              + "' is "
              + (field.isRepeated() ? "repeated " : "")
              + field.getType().name().toLowerCase(java.util.Locale.ROOT)
              + ".",
          "use a string (or integer) id field as the key field.");
      return Optional.empty();
    }
    return Optional.of(
        new KeyField(
            field.getName(), field.getNumber(), type, JavaNames.accessorName(field.getName())));
  }

  private static KeyField.KeyType keyType(FieldDescriptor field) {
    return switch (field.getType()) {
      case STRING -> KeyField.KeyType.STRING;
      case INT32, SINT32, SFIXED32 -> KeyField.KeyType.INT32;
      case INT64, SINT64, SFIXED64 -> KeyField.KeyType.INT64;
      case UINT32, FIXED32 -> KeyField.KeyType.UINT32;
      case UINT64, FIXED64 -> KeyField.KeyType.UINT64;
      default -> null;
    };
  }

  /** Resolves a message reference the way protoc resolves type names: innermost scope first. */
  private Optional<Descriptor> resolveMessage(Descriptor from, String reference) {
    if (reference.startsWith(".")) {
      return findMessage(reference.substring(1));
    }
    String scope = from.getFullName();
    while (true) {
      int dot = scope.lastIndexOf('.');
      scope = dot < 0 ? "" : scope.substring(0, dot);
      Optional<Descriptor> found =
          findMessage(scope.isEmpty() ? reference : scope + "." + reference);
      if (found.isPresent() || scope.isEmpty()) {
        return found;
      }
    }
  }

  private Optional<Descriptor> findMessage(String fullName) {
    for (FileDescriptor file : allFiles) {
      String pkg = file.getPackage();
      if (!pkg.isEmpty() && !fullName.startsWith(pkg + ".")) {
        continue;
      }
      String relative = pkg.isEmpty() ? fullName : fullName.substring(pkg.length() + 1);
      Descriptor found = null;
      for (String part : relative.split("\\.")) {
        found = found == null ? file.findMessageTypeByName(part) : found.findNestedTypeByName(part);
        if (found == null) {
          break;
        }
      }
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** True if a cleanup.policy value includes compaction ("compact", "compact,delete", ...). */
  private static boolean compacts(String policy) {
    for (String part : policy.split(",")) {
      if (part.trim().equalsIgnoreCase("compact")) {
        return true;
      }
    }
    return false;
  }
}
