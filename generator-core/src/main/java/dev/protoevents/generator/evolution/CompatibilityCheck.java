package dev.protoevents.generator.evolution;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.protoevents.generator.Diagnostic;
import dev.protoevents.generator.internal.OptionsReader;
import dev.protoevents.generator.model.DomainEvent;
import dev.protoevents.generator.model.KeyField;
import dev.protoevents.generator.model.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares the events of a module's current .proto files with a baseline (usually the previous
 * release) and reports every change that breaks a producer or consumer built from the baseline:
 * removed resources and events, renamed messages, event types and topics, changed keys and
 * partitions, and, in every message an event carries (nested messages and enums included), removed,
 * renumbered, renamed and retyped fields and removed or renumbered enum values. A field or enum
 * value removed with its number and name {@code reserved} is fine, as are new fields, events and
 * resources.
 *
 * <p>Both sides are read by the generator's own model builder, so topics, keys and event types are
 * compared as the generated code uses them. Each finding is a {@link Diagnostic} tagged with a
 * {@link BreakingChange}: where the element is in the current files, or, for something removed,
 * where it was in the baseline.
 *
 * <pre>{@code
 * List<Diagnostic> breaking =
 *     new CompatibilityCheck("io.restorecommerce", List.of()).compare(baseline, current);
 * }</pre>
 */
public final class CompatibilityCheck {
  private static final String RESOURCE_OPTION_NAME = "resource";

  private final String namespace;
  private final List<String> configuredResources;

  /**
   * A check that builds both sides' model with the same generator settings.
   *
   * @param namespace the topic namespace
   * @param configuredResources messages configured as resources without options
   */
  public CompatibilityCheck(String namespace, List<String> configuredResources) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.configuredResources = List.copyOf(configuredResources);
  }

  /**
   * The breaking changes from {@code baseline} to {@code current}, in file and line order; empty if
   * the change is compatible.
   *
   * @throws IOException if a descriptor set is not a valid set of files
   */
  public List<Diagnostic> compare(Schema baseline, Schema current) throws IOException {
    Set<String> currentOwn = ownFiles(current, Set.of(), Set.of());
    Set<String> currentAll =
        current.descriptors().getFileList().stream()
            .map(f -> f.getName())
            .collect(Collectors.toSet());
    Set<String> baselineOwn = ownFiles(baseline, currentAll, currentOwn);
    SchemaSide old = new SchemaSide(baseline, baselineOwn, namespace, configuredResources);
    SchemaSide cur = new SchemaSide(current, currentOwn, namespace, configuredResources);
    Comparison comparison = new Comparison(old, cur);
    comparison.resources();
    List<Diagnostic> out = new ArrayList<>(comparison.findings.values());
    out.sort(
        Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column)
            .thenComparing(Diagnostic::tag)
            .thenComparing(Diagnostic::element));
    return out;
  }

  /**
   * The files a schema generates events for: those it names, or, if unknown, every file but
   * protobuf's and protoevents' own and those the other side has but does not own (imports).
   */
  private static Set<String> ownFiles(Schema schema, Set<String> otherAll, Set<String> otherOwn) {
    if (!schema.ownFiles().isEmpty()) {
      return schema.ownFiles();
    }
    Set<String> own = new TreeSet<>();
    schema.descriptors().getFileList().stream()
        .map(f -> f.getName())
        .filter(name -> !isToolFile(name))
        .filter(name -> !(otherAll.contains(name) && !otherOwn.contains(name)))
        .forEach(own::add);
    return own;
  }

  /** Files that ship with protobuf or protoevents and are never a module's own. */
  static boolean isToolFile(String name) {
    return name.startsWith("google/protobuf/") || name.equals(OptionsReader.OPTIONS_FILE);
  }

  /** One comparison run: the two sides and the findings so far. */
  private static final class Comparison {
    private final SchemaSide old;
    private final SchemaSide cur;
    private final Map<String, Diagnostic> findings = new LinkedHashMap<>();
    private final Set<String> comparedMessages = new HashSet<>();
    private final Set<String> comparedEnums = new HashSet<>();

    Comparison(SchemaSide old, SchemaSide cur) {
      this.old = old;
      this.cur = cur;
    }

    void resources() {
      Map<String, Resource> byProto = new HashMap<>();
      Map<String, Resource> byTopic = new HashMap<>();
      Map<String, Resource> resourceOfEvent = new HashMap<>();
      Map<String, DomainEvent> events = new HashMap<>();
      for (Resource r : cur.model.resources()) {
        byProto.put(r.protoName(), r);
        byTopic.put(r.topic().name(), r);
        for (DomainEvent e : r.domainEvents()) {
          resourceOfEvent.put(e.protoName(), r);
          events.put(e.protoName(), e);
        }
      }
      for (Resource was : old.model.resources()) {
        Descriptor wasMessage = old.message(was.protoName()).orElseThrow();
        Resource now = byProto.get(was.protoName());
        boolean renamed = false;
        if (now == null) {
          now = byTopic.get(was.topic().name());
          renamed = now != null;
        }
        if (now == null) {
          resourceRemoved(was, wasMessage);
          continue;
        }
        Descriptor nowMessage = cur.message(now.protoName()).orElseThrow();
        if (renamed) {
          messageRenamed(
              nowMessage,
              "resource",
              was.protoName(),
              was.simpleName().equals(now.simpleName())
                  ? ""
                  : " Its events' types change from "
                      + resourceEventTypes(was.simpleName())
                      + " to "
                      + resourceEventTypes(now.simpleName())
                      + ", which consumers built from the baseline do not know.");
        } else if (!was.topic().name().equals(now.topic().name())) {
          add(
              BreakingChange.TOPIC_RENAMED,
              cur,
              nowMessage.getFile(),
              List.of(resourceOptionPath(cur, nowMessage), SchemaSide.path(nowMessage)),
              "message " + now.protoName(),
              "the resource's topic changed from '"
                  + was.topic().name()
                  + "' to '"
                  + now.topic().name()
                  + "'; producers and consumers built from the baseline use the old topic, and"
                  + " the new one starts without the resource's history.",
              "keep the topic '"
                  + was.topic().name()
                  + "' (the same resource name and namespace, or (protoevents.resource).topic"
                  + " set to it); to move, publish to both topics until every consumer reads the"
                  + " new one.");
        }
        if (was.topic().partitions() != now.topic().partitions()) {
          add(
              BreakingChange.PARTITIONS_CHANGED,
              cur,
              nowMessage.getFile(),
              List.of(resourceOptionPath(cur, nowMessage), SchemaSide.path(nowMessage)),
              "message " + now.protoName(),
              "partitions changed from "
                  + was.topic().partitions()
                  + " to "
                  + now.topic().partitions()
                  + "; an entity's key maps to another partition, so its later events may be read"
                  + " before its earlier ones (and Kafka cannot take partitions away).",
              "keep partitions: "
                  + was.topic().partitions()
                  + "; change it only with a planned migration to a new topic.");
        }
        keyChanged(was.key(), now.key(), nowMessage, "resource");
        compareMessage(wasMessage, nowMessage);
        domainEvents(was, now, resourceOfEvent, events);
      }
    }

    private void domainEvents(
        Resource was,
        Resource now,
        Map<String, Resource> resourceOfEvent,
        Map<String, DomainEvent> events) {
      Set<String> baselineEvents = new HashSet<>();
      old.model
          .resources()
          .forEach(r -> r.domainEvents().forEach(e -> baselineEvents.add(e.protoName())));
      for (DomainEvent wasEvent : was.domainEvents()) {
        Descriptor wasMessage = old.message(wasEvent.protoName()).orElseThrow();
        DomainEvent nowEvent = events.get(wasEvent.protoName());
        if (nowEvent != null) {
          Resource nowResource = resourceOfEvent.get(nowEvent.protoName());
          Descriptor nowMessage = cur.message(nowEvent.protoName()).orElseThrow();
          if (!nowResource.protoName().equals(now.protoName())) {
            add(
                BreakingChange.EVENT_MOVED,
                cur,
                nowMessage.getFile(),
                List.of(eventOptionPath(cur, nowMessage), SchemaSide.path(nowMessage)),
                "message " + nowEvent.protoName(),
                "the event moved from resource "
                    + was.protoName()
                    + " (topic '"
                    + was.topic().name()
                    + "') to "
                    + nowResource.protoName()
                    + " (topic '"
                    + nowResource.topic().name()
                    + "'); consumers built from the baseline no longer receive it.",
                "keep (protoevents.event).resource '"
                    + was.simpleName()
                    + "'; declare a new event for "
                    + nowResource.simpleName()
                    + ".");
          } else if (!wasEvent.eventType().equals(nowEvent.eventType())) {
            eventTypeRenamed(wasEvent, nowEvent, nowMessage);
          }
          keyChanged(wasEvent.key(), nowEvent.key(), nowMessage, "domain event");
          compareMessage(wasMessage, nowMessage);
          continue;
        }
        // Not found by name: a new event of the same resource may be this one renamed.
        List<DomainEvent> added =
            now.domainEvents().stream()
                .filter(e -> !baselineEvents.contains(e.protoName()))
                .toList();
        Optional<DomainEvent> sameType =
            added.stream().filter(e -> e.eventType().equals(wasEvent.eventType())).findFirst();
        Optional<DomainEvent> sameShape =
            added.stream()
                .filter(
                    e -> shape(wasMessage).equals(shape(cur.message(e.protoName()).orElseThrow())))
                .findFirst();
        if (sameType.isPresent()) {
          Descriptor nowMessage = cur.message(sameType.get().protoName()).orElseThrow();
          messageRenamed(nowMessage, "domain event", wasEvent.protoName(), "");
          keyChanged(wasEvent.key(), sameType.get().key(), nowMessage, "domain event");
          compareMessage(wasMessage, nowMessage);
        } else if (sameShape.isPresent()) {
          Descriptor nowMessage = cur.message(sameShape.get().protoName()).orElseThrow();
          eventTypeRenamed(wasEvent, sameShape.get(), nowMessage);
        } else {
          boolean stillThere = cur.message(wasEvent.protoName()).isPresent();
          add(
              BreakingChange.EVENT_REMOVED,
              old,
              wasMessage.getFile(),
              List.of(SchemaSide.path(wasMessage)),
              "message " + wasEvent.protoName(),
              "domain event "
                  + wasEvent.eventType()
                  + " of "
                  + was.protoName()
                  + (stillThere
                      ? " is no longer an event (its (protoevents.event) option is gone)"
                      : " was removed")
                  + "; consumers built from the baseline still handle it and producers built"
                  + " from it still publish it.",
              "keep the event (mark it with option deprecated = true) until"
                  + " no producer publishes it and no consumer handles it.");
        }
      }
    }

    private void resourceRemoved(Resource was, Descriptor wasMessage) {
      boolean stillThere = cur.message(was.protoName()).isPresent();
      String events =
          was.domainEvents().isEmpty()
              ? ""
              : " with its events "
                  + was.domainEvents().stream().map(DomainEvent::eventType).toList();
      add(
          BreakingChange.RESOURCE_REMOVED,
          old,
          wasMessage.getFile(),
          List.of(SchemaSide.path(wasMessage)),
          "message " + was.protoName(),
          "resource "
              + was.simpleName()
              + " (topic '"
              + was.topic().name()
              + "')"
              + events
              + (stillThere
                  ? " is no longer a resource (its (protoevents.resource) option is gone)"
                  : " was removed")
              + "; services built from the baseline still publish or consume it.",
          "keep the resource (mark it with option deprecated = true) until no service uses"
              + " topic '"
              + was.topic().name()
              + "'.");
    }

    private void messageRenamed(Descriptor nowMessage, String kind, String wasName, String more) {
      add(
          BreakingChange.MESSAGE_RENAMED,
          cur,
          nowMessage.getFile(),
          List.of(SchemaSide.path(nowMessage)),
          "message " + nowMessage.getFullName(),
          "the "
              + kind
              + " "
              + wasName
              + " is now "
              + nowMessage.getFullName()
              + "; its full name is part of the event (CloudEvents type, generated class"
              + " names)."
              + more,
          "keep the name '"
              + wasName
              + "'; to rename, add the new message next to it and retire the old one once no"
              + " service uses it.");
    }

    private void eventTypeRenamed(DomainEvent was, DomainEvent now, Descriptor nowMessage) {
      add(
          BreakingChange.EVENT_TYPE_RENAMED,
          cur,
          nowMessage.getFile(),
          List.of(SchemaSide.path(nowMessage)),
          "message " + now.protoName(),
          "event type '"
              + was.eventType()
              + "' is now '"
              + now.eventType()
              + "'; consumers dispatch on the event type, so those built from the baseline treat"
              + " the event as unknown and skip it.",
          "keep the name '"
              + was.eventType()
              + "'; to rename, publish a new event next to it and retire the old one once no"
              + " consumer handles it.");
    }

    private void keyChanged(KeyField was, KeyField now, Descriptor nowMessage, String kind) {
      if (was.name().equals(now.name())
          && was.number() == now.number()
          && was.type() == now.type()) {
        return;
      }
      FieldDescriptor field = nowMessage.findFieldByName(now.name());
      add(
          BreakingChange.KEY_CHANGED,
          cur,
          nowMessage.getFile(),
          field == null
              ? List.of(SchemaSide.path(nowMessage))
              : List.of(SchemaSide.path(field), SchemaSide.path(nowMessage)),
          "message " + nowMessage.getFullName(),
          "the "
              + kind
              + "'s key field changed from "
              + describe(was)
              + " to "
              + describe(now)
              + "; the record key decides the partition and the entity an event belongs to, so"
              + " events keyed the old way and the new way no longer meet.",
          "keep " + describe(was) + " as the key field (key_field: \"" + was.name() + "\").");
    }

    private static String describe(KeyField key) {
      return "'"
          + key.name()
          + "' ("
          + key.type().name().toLowerCase(Locale.ROOT)
          + " = "
          + key.number()
          + ")";
    }

    private void compareMessage(Descriptor was, Descriptor now) {
      if (!comparedMessages.add(was.getFullName() + " -> " + now.getFullName())) {
        return;
      }
      for (FieldDescriptor wasField : was.getFields()) {
        FieldDescriptor nowField = now.findFieldByNumber(wasField.getNumber());
        if (nowField != null) {
          compareField(wasField, nowField);
          continue;
        }
        FieldDescriptor sameName = now.findFieldByName(wasField.getName());
        if (sameName != null) {
          add(
              BreakingChange.FIELD_RENUMBERED,
              cur,
              sameName.getFile(),
              List.of(SchemaSide.path(sameName)),
              "field " + sameName.getFullName(),
              "field '"
                  + wasField.getName()
                  + "' changed its number from "
                  + wasField.getNumber()
                  + " to "
                  + sameName.getNumber()
                  + "; the number is what the wire carries, so data written with one is not read"
                  + " with the other.",
              "give '"
                  + wasField.getName()
                  + "' its number "
                  + wasField.getNumber()
                  + " again; add a new field for new data.");
          compareField(wasField, sameName); // its type and what it holds still count
          continue;
        }
        boolean numberReserved = now.isReservedNumber(wasField.getNumber());
        boolean nameReserved = now.isReservedName(wasField.getName());
        if (numberReserved && nameReserved) {
          continue;
        }
        add(
            BreakingChange.FIELD_REMOVED,
            old,
            wasField.getFile(),
            List.of(SchemaSide.path(wasField)),
            "field " + wasField.getFullName(),
            "field "
                + typeName(wasField)
                + " "
                + wasField.getName()
                + " = "
                + wasField.getNumber()
                + " was removed from "
                + now.getFullName()
                + (numberReserved
                    ? " and only its number is reserved"
                    : nameReserved ? " and only its name is reserved" : " without reserving it")
                + "; a later field could take its "
                + (numberReserved ? "name (field masks would mean the new field)" : "number")
                + ", and producers built from the baseline still send it.",
            "keep the field (mark it [deprecated = true]), or reserve both: reserved "
                + wasField.getNumber()
                + "; reserved \""
                + wasField.getName()
                + "\";");
      }
    }

    private void compareField(FieldDescriptor was, FieldDescriptor now) {
      String element = "field " + now.getFullName();
      List<List<Integer>> where = List.of(SchemaSide.path(now));
      if (!was.getName().equals(now.getName())) {
        add(
            BreakingChange.FIELD_RENAMED,
            cur,
            now.getFile(),
            where,
            element,
            "field "
                + was.getNumber()
                + " was renamed from '"
                + was.getName()
                + "' to '"
                + now.getName()
                + "'; patches name fields in their field masks, so a patch of '"
                + was.getName()
                + "' from a producer built from the baseline no longer applies (JSON changes"
                + " too).",
            "keep the name '" + was.getName() + "'.");
      }
      String wasType = typeName(was);
      String nowType = typeName(now);
      if (!wasType.equals(nowType)) {
        add(
            BreakingChange.FIELD_TYPE_CHANGED,
            cur,
            now.getFile(),
            where,
            element,
            "field "
                + now.getName()
                + " = "
                + now.getNumber()
                + " changed its type from "
                + wasType
                + " to "
                + nowType
                + "; data written with one type is misread or rejected with the other.",
            "keep the type "
                + wasType
                + "; add a new field (new number and name) for the new type.");
        return;
      }
      if (was.isRepeated() != now.isRepeated()) {
        cardinality(
            now,
            (was.isRepeated() ? "repeated" : "singular")
                + " to "
                + (now.isRepeated() ? "repeated" : "singular")
                + "; a consumer built from the baseline reads only the last element or one"
                + " element as a list.",
            was.isRepeated() ? "repeated" : "singular");
        return;
      }
      if (!was.isRepeated() && was.hasPresence() && !now.hasPresence()) {
        cardinality(
            now,
            "a field with presence (has"
                + capitalized(now)
                + "()) to one without; consumers built from the baseline can no longer tell an"
                + " unset value from the default.",
            "optional");
        return;
      }
      if (!was.isRequired() && now.isRequired()) {
        cardinality(
            now,
            "optional to required; messages from producers built from the baseline may lack it"
                + " and then fail to parse.",
            "optional");
        return;
      }
      String wasOneof = oneof(was);
      String nowOneof = oneof(now);
      if (!wasOneof.equals(nowOneof)) {
        add(
            BreakingChange.FIELD_ONEOF_CHANGED,
            cur,
            now.getFile(),
            List.of(SchemaSide.path(now)),
            "field " + now.getFullName(),
            "field "
                + now.getName()
                + " = "
                + now.getNumber()
                + " moved "
                + (wasOneof.isEmpty() ? "" : "out of oneof " + wasOneof)
                + (!wasOneof.isEmpty() && !nowOneof.isEmpty() ? " and " : "")
                + (nowOneof.isEmpty() ? "" : "into oneof " + nowOneof)
                + "; setting one member of a oneof clears the others, so messages that set it"
                + " together with its new (or old) siblings lose values on one side.",
            "keep it "
                + (wasOneof.isEmpty() ? "outside any oneof" : "in oneof " + wasOneof)
                + "; add a new field for the new shape.");
        return;
      }
      if (now.isMapField()) {
        FieldDescriptor wasValue = was.getMessageType().findFieldByNumber(2);
        FieldDescriptor nowValue = now.getMessageType().findFieldByNumber(2);
        nested(wasValue, nowValue);
      } else {
        nested(was, now);
      }
    }

    private void nested(FieldDescriptor was, FieldDescriptor now) {
      if (was.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        compareMessage(was.getMessageType(), now.getMessageType());
      } else if (was.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        compareEnum(was.getEnumType(), now.getEnumType());
      }
    }

    private void cardinality(FieldDescriptor now, String change, String keep) {
      add(
          BreakingChange.FIELD_CARDINALITY_CHANGED,
          cur,
          now.getFile(),
          List.of(SchemaSide.path(now)),
          "field " + now.getFullName(),
          "field " + now.getName() + " = " + now.getNumber() + " changed from " + change,
          "keep it " + keep + "; add a new field (new number and name) for the new shape.");
    }

    private void compareEnum(EnumDescriptor was, EnumDescriptor now) {
      if (!comparedEnums.add(was.getFullName() + " -> " + now.getFullName())) {
        return;
      }
      for (EnumValueDescriptor wasValue : was.getValues()) {
        if (now.findValueByNumber(wasValue.getNumber()) != null) {
          continue;
        }
        EnumValueDescriptor sameName = now.findValueByName(wasValue.getName());
        String element = "enum value " + now.getFullName() + "." + wasValue.getName();
        if (sameName != null) {
          add(
              BreakingChange.ENUM_VALUE_RENUMBERED,
              cur,
              sameName.getFile(),
              List.of(SchemaSide.path(sameName)),
              element,
              "enum value "
                  + wasValue.getName()
                  + " changed its number from "
                  + wasValue.getNumber()
                  + " to "
                  + sameName.getNumber()
                  + "; the number is what the wire carries, so consumers built from the baseline"
                  + " read another value.",
              "give " + wasValue.getName() + " its number " + wasValue.getNumber() + " again.");
          continue;
        }
        boolean numberReserved = now.isReservedNumber(wasValue.getNumber());
        boolean nameReserved = now.isReservedName(wasValue.getName());
        if (numberReserved && nameReserved) {
          continue;
        }
        add(
            BreakingChange.ENUM_VALUE_REMOVED,
            old,
            wasValue.getFile(),
            List.of(SchemaSide.path(wasValue)),
            "enum value " + was.getFullName() + "." + wasValue.getName(),
            "enum value "
                + wasValue.getName()
                + " = "
                + wasValue.getNumber()
                + " was removed from "
                + now.getFullName()
                + (numberReserved || nameReserved
                    ? " and only its " + (numberReserved ? "number" : "name") + " is reserved"
                    : " without reserving it")
                + "; producers built from the baseline still send it, and a later value could"
                + " take its number.",
            "keep the value, or reserve both: reserved "
                + wasValue.getNumber()
                + "; reserved \""
                + wasValue.getName()
                + "\";");
      }
    }

    private void add(
        BreakingChange kind,
        SchemaSide side,
        FileDescriptor file,
        List<List<Integer>> paths,
        String element,
        String message,
        String fix) {
      int[] position = side.position(file, paths);
      Diagnostic diagnostic =
          new Diagnostic(
              kind.tag(), side.display(file), position[0], position[1], element, message, fix);
      findings.putIfAbsent(diagnostic.format(), diagnostic);
    }

    private static List<Integer> resourceOptionPath(SchemaSide side, Descriptor message) {
      return optionPath(side, message, RESOURCE_OPTION_NAME);
    }

    private static List<Integer> eventOptionPath(SchemaSide side, Descriptor message) {
      return optionPath(side, message, "event");
    }

    private static List<Integer> optionPath(SchemaSide side, Descriptor message, String option) {
      for (FileDescriptor file : side.files) {
        if (file.getName().equals(OptionsReader.OPTIONS_FILE)) {
          FieldDescriptor extension = file.findExtensionByName(option);
          if (extension != null) {
            return SchemaSide.optionPath(message, extension.getNumber());
          }
        }
      }
      return SchemaSide.path(message);
    }
  }

  /** The type as a .proto file spells it: {@code string}, {@code shop.Money}, {@code map<..>}. */
  private static String typeName(FieldDescriptor field) {
    if (field.isMapField()) {
      Descriptor entry = field.getMessageType();
      return "map<"
          + typeName(entry.findFieldByNumber(1))
          + ", "
          + typeName(entry.findFieldByNumber(2))
          + ">";
    }
    return switch (field.getType()) {
      case MESSAGE, GROUP -> field.getMessageType().getFullName();
      case ENUM -> field.getEnumType().getFullName();
      default -> field.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** The name of the real oneof holding the field (not proto3 optional's), or empty. */
  private static String oneof(FieldDescriptor field) {
    return field.getRealContainingOneof() == null ? "" : field.getRealContainingOneof().getName();
  }

  private static String capitalized(FieldDescriptor field) {
    String camel = field.getJsonName();
    return camel.isEmpty() ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }

  /** Field numbers, names, types and labels: what a renamed but unchanged message keeps. */
  private static List<String> shape(Descriptor message) {
    return message.getFields().stream()
        .map(f -> f.getNumber() + " " + f.getName() + " " + typeName(f) + " " + f.isRepeated())
        .toList();
  }

  private static String resourceEventTypes(String simpleName) {
    return List.of("Created", "Replaced", "Patched", "Deleted").stream()
        .map(s -> simpleName + s)
        .collect(Collectors.joining(", "));
  }
}
