package dev.protoevents.generator.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MapEntry;
import com.google.protobuf.UnknownFieldSet;
import dev.protoevents.generator.model.DomainEvent;
import dev.protoevents.generator.model.EventModel;
import dev.protoevents.generator.model.KeyField;
import dev.protoevents.generator.model.Resource;
import dev.protoevents.generator.model.TopicDeclaration;
import java.nio.charset.StandardCharsets;
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
 * Maps protobuf descriptors to the {@link EventModel}: finds resources and domain events by their
 * options (or the configured resource names), resolves topics and key fields, and checks every
 * naming rule, reporting all violations to {@link Problems}.
 */
public final class ModelBuilder {
  /** Name of the options file protoevents ships. */
  public static final String OPTIONS_FILE = "protoevents/options.proto";

  static final int RESOURCE_OPTION = 51230;
  static final int EVENT_OPTION = 51231;
  static final int NAMING_EXEMPTION_OPTION = 51232;

  private static final Set<String> CLEANUP_POLICIES =
      Set.of("delete", "compact", "compact,delete", "delete,compact");

  private final List<FileDescriptor> allFiles;
  private final Set<String> filesToGenerate;
  private final String namespace;
  private final List<String> configuredResources;
  private final Problems problems;
  private final Optional<Descriptor> resourceOptionsType;
  private final Optional<Descriptor> eventOptionsType;
  private final NamingValidator validator;

  /**
   * @param allFiles every file of the descriptor set, imports included
   * @param filesToGenerate names of the files the build generates for
   * @param namespace topic namespace
   * @param configuredResources message names configured as resources
   * @param problems where violations go
   */
  public ModelBuilder(
      List<FileDescriptor> allFiles,
      Set<String> filesToGenerate,
      String namespace,
      List<String> configuredResources,
      Problems problems) {
    this.allFiles = List.copyOf(allFiles);
    this.filesToGenerate = Set.copyOf(filesToGenerate);
    this.namespace = namespace;
    this.configuredResources = List.copyOf(configuredResources);
    this.problems = problems;
    this.validator = new NamingValidator(this.allFiles, problems);
    Optional<FileDescriptor> options =
        allFiles.stream().filter(f -> f.getName().equals(OPTIONS_FILE)).findFirst();
    this.resourceOptionsType = options.map(f -> f.findMessageTypeByName("ResourceOptions"));
    this.eventOptionsType = options.map(f -> f.findMessageTypeByName("EventOptions"));
  }

  /** Builds the model; check {@link Problems#any()} before using it. */
  public EventModel build() {
    if (!NamingRules.isNamespace(namespace)) {
      problems.inConfiguration(
          "protoevents configuration (namespace)",
          "invalid-namespace",
          "namespace '" + namespace + "' is not dot-separated lower snake_case.",
          "use a namespace such as 'io.restorecommerce' or 'com.example.shop'.");
    }
    List<Descriptor> messages = new ArrayList<>();
    for (FileDescriptor file : allFiles) {
      if (filesToGenerate.contains(file.getName())) {
        file.getMessageTypes().forEach(m -> collect(m, messages));
      }
    }

    Map<Descriptor, Optional<DynamicMessage>> resourceMessages = new LinkedHashMap<>();
    Map<Descriptor, DynamicMessage> eventMessages = new LinkedHashMap<>();
    for (Descriptor message : messages) {
      Optional<DynamicMessage> resource = option(message, RESOURCE_OPTION, resourceOptionsType);
      Optional<DynamicMessage> event = option(message, EVENT_OPTION, eventOptionsType);
      if (resource.isPresent() && event.isPresent()) {
        problems.at(
            message,
            "resource-and-event",
            "a message is either a resource or a domain event, not both.",
            "remove (protoevents.resource) or (protoevents.event).");
        continue;
      }
      resource.ifPresent(r -> resourceMessages.put(message, Optional.of(r)));
      event.ifPresent(e -> eventMessages.put(message, e));
    }
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
              resource.fullStateOnly()));
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
      Map<Descriptor, Optional<DynamicMessage>> resources,
      Map<Descriptor, DynamicMessage> events) {
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
        resources.putIfAbsent(matches.get(0), Optional.empty());
      }
    }
  }

  private Optional<Resource> resource(Descriptor message, Optional<DynamicMessage> options) {
    boolean exempt = namingExemption(message);
    int problemsBefore = problems.count();
    String simpleName = message.getName();
    if (!exempt) {
      validator.checkResourceName(message);
    }

    String resourceName = string(options, "name").orElse(NamingRules.snakeCase(simpleName));
    if (!NamingRules.isSnakeCase(resourceName)) {
      problems.atOption(
          message,
          RESOURCE_OPTION,
          "topic-pattern",
          "resource name '"
              + resourceName
              + "' is not lower snake_case, so the topic would not follow <namespace>.<resource>.resource.",
          "set (protoevents.resource).name to e.g. '"
              + NamingRules.snakeCase(resourceName.replaceAll("[^A-Za-z0-9]", ""))
              + "'.");
    }
    String topic = NamingRules.topic(namespace, resourceName);
    Optional<String> topicOverride = string(options, "topic");
    if (topicOverride.isPresent()) {
      topic = topicOverride.get();
      Optional<String> invalid = NamingRules.invalidTopicName(topic);
      if (invalid.isPresent()) {
        problems.atOption(
            message,
            RESOURCE_OPTION,
            "invalid-topic-name",
            invalid.get() + ".",
            "use a topic name such as '" + NamingRules.topic(namespace, resourceName) + "'.");
      } else if (!exempt && !NamingRules.followsTopicPattern(topic, resourceName)) {
        problems.atOption(
            message,
            RESOURCE_OPTION,
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

    int partitions = integer(options, "partitions").orElse(1);
    if (partitions < 1) {
      problems.atOption(
          message,
          RESOURCE_OPTION,
          "invalid-topic-setting",
          "partitions must be at least 1 but is " + partitions + ".",
          "set partitions to 1 or more, or leave it out.");
    }
    Optional<Integer> replication = integer(options, "replication_factor");
    if (replication.isPresent() && (replication.get() < 1 || replication.get() > Short.MAX_VALUE)) {
      problems.atOption(
          message,
          RESOURCE_OPTION,
          "invalid-topic-setting",
          "replication_factor must be between 1 and "
              + Short.MAX_VALUE
              + " but is "
              + replication.get()
              + ".",
          "set a valid replication factor, or leave it out for the broker's default.");
    }
    TreeMap<String, String> configs = new TreeMap<>(stringMap(options, "topic_config"));
    Optional<Long> retention =
        options.flatMap(
            o ->
                has(o, "retention_ms")
                    ? Optional.of((Long) o.getField(field(o, "retention_ms")))
                    : Optional.empty());
    if (retention.isPresent()) {
      if (retention.get() < -1) {
        problems.atOption(
            message,
            RESOURCE_OPTION,
            "invalid-topic-setting",
            "retention_ms must be -1 (forever) or more but is " + retention.get() + ".",
            "set retention_ms to -1 or a number of milliseconds.");
      }
      duplicateSetting(message, configs, "retention.ms", "retention_ms");
      configs.put("retention.ms", Long.toString(retention.get()));
    }
    Optional<String> cleanup = string(options, "cleanup_policy");
    if (cleanup.isPresent()) {
      if (!CLEANUP_POLICIES.contains(cleanup.get())) {
        problems.atOption(
            message,
            RESOURCE_OPTION,
            "invalid-topic-setting",
            "cleanup_policy must be 'delete', 'compact' or 'compact,delete' but is '"
                + cleanup.get()
                + "'.",
            "use one of those values, or leave it out.");
      }
      duplicateSetting(message, configs, "cleanup.policy", "cleanup_policy");
      configs.put("cleanup.policy", cleanup.get());
    }
    boolean fullStateOnly = bool(options, "full_state_only");
    String policy = configs.get("cleanup.policy");
    if (policy != null && compacts(policy) && !fullStateOnly) {
      problems.atOption(
          message,
          RESOURCE_OPTION,
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

    String keyName = string(options, "key_field").orElse("id");
    Optional<KeyField> key =
        keyField(
            message,
            keyName,
            "resource",
            options.isPresent() && string(options, "key_field").isPresent());
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
            fullStateOnly));
  }

  private void duplicateSetting(
      Descriptor message, Map<String, String> configs, String kafkaKey, String option) {
    if (configs.containsKey(kafkaKey)) {
      problems.atOption(
          message,
          RESOURCE_OPTION,
          "invalid-topic-setting",
          "'" + kafkaKey + "' is set both by " + option + " and in topic_config.",
          "set it in one place only.");
    }
  }

  private record EventOfResource(Descriptor resource, DomainEvent event) {}

  private Optional<EventOfResource> domainEvent(
      Descriptor message,
      DynamicMessage options,
      Set<Descriptor> resourceMessages,
      Map<Descriptor, Resource> resources) {
    String name = message.getName();
    if (!namingExemption(message)) {
      validator.checkEventName(message);
    }

    Optional<String> resourceRef = string(Optional.of(options), "resource");
    if (resourceRef.isEmpty()) {
      problems.atOption(
          message,
          EVENT_OPTION,
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
          EVENT_OPTION,
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
          EVENT_OPTION,
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

    Optional<String> keyOption = string(Optional.of(options), "key_field");
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

  private boolean namingExemption(Descriptor message) {
    List<ByteString> values = unknown(message, NAMING_EXEMPTION_OPTION);
    if (values.isEmpty()) {
      return false;
    }
    String reason = values.get(values.size() - 1).toString(StandardCharsets.UTF_8).trim();
    if (reason.isEmpty()) {
      problems.atOption(
          message,
          NAMING_EXEMPTION_OPTION,
          "empty-naming-exemption",
          "(protoevents.naming_exemption) must say why this definition breaks the naming rules.",
          "write the reason, e.g. option (protoevents.naming_exemption) = \"name fixed by the partner API\";");
    }
    return true;
  }

  private Optional<DynamicMessage> option(
      Descriptor message, int number, Optional<Descriptor> type) {
    List<ByteString> values = unknown(message, number);
    if (values.isEmpty() || type.isEmpty()) {
      return Optional.empty();
    }
    try {
      DynamicMessage.Builder merged = DynamicMessage.newBuilder(type.get());
      for (ByteString value : values) {
        merged.mergeFrom(value);
      }
      return Optional.of(merged.build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "protoc wrote an unreadable option on " + message.getFullName(), e);
    }
  }

  private static List<ByteString> unknown(Descriptor message, int number) {
    UnknownFieldSet unknown = message.getOptions().getUnknownFields();
    return unknown.hasField(number) ? unknown.getField(number).getLengthDelimitedList() : List.of();
  }

  private static FieldDescriptor field(DynamicMessage message, String name) {
    return message.getDescriptorForType().findFieldByName(name);
  }

  private static boolean has(DynamicMessage message, String name) {
    FieldDescriptor field = field(message, name);
    return field != null && message.hasField(field);
  }

  private static Optional<String> string(Optional<DynamicMessage> options, String name) {
    return options.filter(o -> has(o, name)).map(o -> (String) o.getField(field(o, name)));
  }

  private static Optional<Integer> integer(Optional<DynamicMessage> options, String name) {
    return options.filter(o -> has(o, name)).map(o -> (Integer) o.getField(field(o, name)));
  }

  private static boolean bool(Optional<DynamicMessage> options, String name) {
    return options
        .filter(o -> has(o, name))
        .map(o -> (Boolean) o.getField(field(o, name)))
        .orElse(false);
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

  private static Map<String, String> stringMap(Optional<DynamicMessage> options, String name) {
    Map<String, String> out = new TreeMap<>();
    options.ifPresent(
        o -> {
          FieldDescriptor field = field(o, name);
          if (field == null) {
            return;
          }
          for (Object entry : (List<?>) o.getField(field)) {
            if (entry instanceof MapEntry<?, ?> mapEntry) {
              out.put(String.valueOf(mapEntry.getKey()), String.valueOf(mapEntry.getValue()));
            } else if (entry instanceof DynamicMessage dynamic) {
              Descriptor entryType = dynamic.getDescriptorForType();
              out.put(
                  String.valueOf(dynamic.getField(entryType.findFieldByName("key"))),
                  String.valueOf(dynamic.getField(entryType.findFieldByName("value"))));
            }
          }
        });
    return out;
  }
}
