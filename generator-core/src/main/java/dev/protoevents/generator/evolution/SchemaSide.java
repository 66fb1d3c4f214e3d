package dev.protoevents.generator.evolution;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.protoevents.generator.internal.ModelBuilder;
import dev.protoevents.generator.internal.OptionsReader;
import dev.protoevents.generator.internal.Problems;
import dev.protoevents.generator.model.EventModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One side of a comparison: the schema's descriptors built and indexed, the event model the
 * generator builds from them, and the source position of every element.
 */
final class SchemaSide {
  final Schema schema;
  final List<FileDescriptor> files;
  final EventModel model;
  private final Map<String, Descriptor> messages = new HashMap<>();
  private final Map<String, Map<List<Integer>, int[]>> spans = new HashMap<>();

  SchemaSide(Schema schema, Set<String> ownFiles, String namespace, List<String> resources)
      throws IOException {
    this.schema = schema;
    OptionsReader reader = OptionsReader.standard();
    this.files = reader.descriptors(inDependencyOrder(schema.descriptors().getFileList()));
    for (FileDescriptor file : files) {
      file.getMessageTypes().forEach(this::index);
      Map<List<Integer>, int[]> byPath = new HashMap<>();
      for (SourceCodeInfo.Location location :
          file.toProto().getSourceCodeInfo().getLocationList()) {
        if (location.getSpanCount() >= 2) {
          byPath.putIfAbsent(
              List.copyOf(location.getPathList()),
              new int[] {location.getSpan(0) + 1, location.getSpan(1) + 1});
        }
      }
      spans.put(file.getName(), byPath);
    }
    // Problems of either side (naming rules, say) are not this check's business: the generate
    // goal reports the current side's; the baseline was released with them.
    this.model =
        new ModelBuilder(files, ownFiles, namespace, resources, reader, new Problems(name -> name))
            .build();
  }

  private void index(Descriptor message) {
    messages.put(message.getFullName(), message);
    message.getNestedTypes().forEach(this::index);
  }

  Optional<Descriptor> message(String fullName) {
    return Optional.ofNullable(messages.get(fullName));
  }

  /** Line and column of the first path recorded, or of nothing ({@code [0, 0]}). */
  int[] position(FileDescriptor file, List<List<Integer>> candidates) {
    Map<List<Integer>, int[]> byPath = spans.getOrDefault(file.getName(), Map.of());
    for (List<Integer> path : candidates) {
      int[] span = byPath.get(path);
      if (span != null) {
        return span;
      }
    }
    return new int[] {0, 0};
  }

  String display(FileDescriptor file) {
    return schema.displayPath(file.getName());
  }

  static List<Integer> path(Descriptor message) {
    List<Integer> path = new ArrayList<>();
    if (message.getContainingType() == null) {
      path.add(4); // FileDescriptorProto.message_type
    } else {
      path.addAll(path(message.getContainingType()));
      path.add(3); // DescriptorProto.nested_type
    }
    path.add(message.getIndex());
    return path;
  }

  static List<Integer> optionPath(Descriptor message, int extension) {
    List<Integer> path = new ArrayList<>(path(message));
    path.add(7); // DescriptorProto.options
    path.add(extension);
    return path;
  }

  static List<Integer> path(FieldDescriptor field) {
    List<Integer> path = new ArrayList<>(path(field.getContainingType()));
    path.add(2); // DescriptorProto.field
    path.add(field.getIndex());
    return path;
  }

  static List<Integer> path(EnumDescriptor type) {
    List<Integer> path = new ArrayList<>();
    if (type.getContainingType() == null) {
      path.add(5); // FileDescriptorProto.enum_type
    } else {
      path.addAll(path(type.getContainingType()));
      path.add(4); // DescriptorProto.enum_type
    }
    path.add(type.getIndex());
    return path;
  }

  static List<Integer> path(EnumValueDescriptor value) {
    List<Integer> path = new ArrayList<>(path(value.getType()));
    path.add(2); // EnumDescriptorProto.value
    path.add(value.getIndex());
    return path;
  }

  /**
   * The files of a set, each after its imports (a set from elsewhere may list them in any order).
   */
  private static List<FileDescriptorProto> inDependencyOrder(List<FileDescriptorProto> protos)
      throws IOException {
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    protos.forEach(p -> byName.put(p.getName(), p));
    Map<String, FileDescriptorProto> ordered = new LinkedHashMap<>();
    for (FileDescriptorProto proto : protos) {
      visit(proto, byName, ordered, new ArrayList<>());
    }
    return List.copyOf(ordered.values());
  }

  private static void visit(
      FileDescriptorProto proto,
      Map<String, FileDescriptorProto> byName,
      Map<String, FileDescriptorProto> ordered,
      List<String> chain)
      throws IOException {
    if (ordered.containsKey(proto.getName())) {
      return;
    }
    if (chain.contains(proto.getName())) {
      throw new IOException("descriptor set has an import cycle: " + chain);
    }
    chain.add(proto.getName());
    for (String dependency : proto.getDependencyList()) {
      FileDescriptorProto imported = byName.get(dependency);
      if (imported == null) {
        throw new IOException(
            "descriptor set lacks "
                + dependency
                + ", imported by "
                + proto.getName()
                + " (was it written without --include_imports?)");
      }
      visit(imported, byName, ordered, chain);
    }
    chain.remove(chain.size() - 1);
    ordered.put(proto.getName(), proto);
  }
}
