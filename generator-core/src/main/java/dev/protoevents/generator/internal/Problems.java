package dev.protoevents.generator.internal;

import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.protoevents.generator.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects the problems of one run with their source positions, so that all of them are reported
 * together and the build fails once.
 */
public final class Problems {
  private final Function<String, String> displayPath;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final Map<String, Map<List<Integer>, int[]>> spans = new HashMap<>();

  /**
   * @param displayPath turns a proto file name ({@code shop/order.proto}) into the path shown to
   *     the user
   */
  public Problems(Function<String, String> displayPath) {
    this.displayPath = displayPath;
  }

  /** Remembers the source spans of {@code file}, from protoc's {@code --include_source_info}. */
  public void index(FileDescriptor file) {
    Map<List<Integer>, int[]> byPath = new HashMap<>();
    for (SourceCodeInfo.Location location : file.toProto().getSourceCodeInfo().getLocationList()) {
      byPath.putIfAbsent(
          List.copyOf(location.getPathList()),
          new int[] {location.getSpan(0) + 1, location.getSpan(1) + 1});
    }
    spans.put(file.getName(), byPath);
  }

  /** Reports a problem with a message definition. */
  public void at(Descriptor message, String tag, String what, String fix) {
    add(message.getFile(), path(message), tag, "message " + message.getFullName(), what, fix);
  }

  /**
   * Reports a problem with an option of a message; points at the option when protoc recorded it.
   */
  public void atOption(
      Descriptor message, int extensionNumber, String tag, String what, String fix) {
    List<Integer> optionPath = new ArrayList<>(path(message));
    optionPath.add(7); // DescriptorProto.options
    optionPath.add(extensionNumber);
    List<Integer> messagePath = path(message);
    Map<List<Integer>, int[]> file = spans.getOrDefault(message.getFile().getName(), Map.of());
    List<Integer> where = file.containsKey(optionPath) ? optionPath : messagePath;
    add(message.getFile(), where, tag, "message " + message.getFullName(), what, fix);
  }

  /** Reports a problem with a field. */
  public void at(FieldDescriptor field, String tag, String what, String fix) {
    List<Integer> fieldPath = new ArrayList<>(path(field.getContainingType()));
    fieldPath.add(2); // DescriptorProto.field
    fieldPath.add(field.getIndex());
    add(field.getFile(), fieldPath, tag, "field " + field.getFullName(), what, fix);
  }

  /** Reports a problem that belongs to no .proto file, such as plugin configuration. */
  public void inConfiguration(String where, String tag, String what, String fix) {
    diagnostics.add(new Diagnostic(tag, where, 0, 0, "", what, fix));
  }

  /** Reports a problem protoc found, already positioned. */
  public void add(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
  }

  /** How many problems were reported so far. */
  public int count() {
    return diagnostics.size();
  }

  /** True if any problem was reported. */
  public boolean any() {
    return !diagnostics.isEmpty();
  }

  /** The problems in file, line and column order (configuration problems first). */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(diagnostics);
    copy.sort(
        Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column)
            .thenComparing(Diagnostic::tag));
    return copy;
  }

  private void add(
      FileDescriptor file,
      List<Integer> path,
      String tag,
      String element,
      String what,
      String fix) {
    int[] span = spans.getOrDefault(file.getName(), Map.of()).get(path);
    int line = span == null ? 0 : span[0];
    int column = span == null ? 0 : span[1];
    diagnostics.add(
        new Diagnostic(tag, displayPath.apply(file.getName()), line, column, element, what, fix));
  }

  /** The SourceCodeInfo path of a message: [4, i] at top level, then [3, j] per nesting level. */
  private static List<Integer> path(Descriptor message) {
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
}
