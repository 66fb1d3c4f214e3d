package dev.protoevents.generator.internal;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.protoevents.generator.model.JavaName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Java names protoc's java generator gives to files, messages and fields. */
public final class JavaNames {
  private JavaNames() {}

  /** The Java package of {@code file}: {@code java_package}, else the proto package. */
  public static String javaPackage(FileDescriptor file) {
    return file.getOptions().hasJavaPackage()
        ? file.getOptions().getJavaPackage()
        : file.getPackage();
  }

  /** The protoc class of {@code message}, nested in the outer class unless java_multiple_files. */
  public static JavaName of(Descriptor message) {
    List<String> names = new ArrayList<>();
    for (Descriptor m = message; m != null; m = m.getContainingType()) {
      names.add(0, m.getName());
    }
    if (!multipleFiles(message.getFile())) {
      names.add(0, outerClassName(message.getFile()));
    }
    return new JavaName(javaPackage(message.getFile()), names);
  }

  /** The top-level class names protoc writes into the Java package of {@code file}. */
  public static Set<String> topLevelClasses(FileDescriptor file) {
    Set<String> names = new LinkedHashSet<>();
    names.add(outerClassName(file));
    if (multipleFiles(file)) {
      file.getMessageTypes().forEach(m -> names.add(m.getName()));
      file.getEnumTypes().forEach(e -> names.add(e.getName()));
      file.getServices().forEach(s -> names.add(s.getName()));
    }
    return names;
  }

  /**
   * Whether protoc writes one top-level class per message. Before edition 2024 that is {@code
   * java_multiple_files}; from 2024 on it is the default (the {@code nest_in_file_class} feature,
   * which could turn it off per message, is not read).
   */
  private static boolean multipleFiles(FileDescriptor file) {
    return edition2024OrLater(file) || file.getOptions().getJavaMultipleFiles();
  }

  private static boolean edition2024OrLater(FileDescriptor file) {
    return file.toProto().getEdition().getNumber() >= Edition.EDITION_2024.getNumber()
        && file.toProto().getEdition() != Edition.EDITION_MAX;
  }

  /** protoc's outer class name: java_outer_classname, else the file name in CamelCase. */
  public static String outerClassName(FileDescriptor file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String base = file.getName();
    base = base.substring(base.lastIndexOf('/') + 1);
    if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String name = camelCase(base, true);
    if (edition2024OrLater(file)) {
      return name + "Proto"; // edition 2024 names the file class ThingProto, not ThingOuterClass
    }
    for (Descriptor m : file.getMessageTypes()) {
      if (declares(m, name)) {
        return name + "OuterClass";
      }
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      if (e.getName().equals(name)) {
        return name + "OuterClass";
      }
    }
    for (ServiceDescriptor s : file.getServices()) {
      if (s.getName().equals(name)) {
        return name + "OuterClass";
      }
    }
    return name;
  }

  /**
   * Whether {@code message} or any message or enum nested in it is named {@code name}: protoc's
   * java generator appends {@code OuterClass} to the file class then too, since a nested class may
   * not share the name of a class enclosing it.
   */
  private static boolean declares(Descriptor message, String name) {
    if (message.getName().equals(name)) {
      return true;
    }
    for (EnumDescriptor e : message.getEnumTypes()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (Descriptor nested : message.getNestedTypes()) {
      if (declares(nested, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Field names whose accessors would collide with methods of protobuf's base classes; protoc
   * appends an underscore to them ({@code class} gets {@code getClass_()}).
   */
  private static final Set<String> FORBIDDEN_FIELD_NAMES =
      Set.of(
          "Class",
          "DefaultInstanceForType",
          "ParserForType",
          "SerializedSize",
          "AllFields",
          "DescriptorForType",
          "InitializationErrorString",
          "UnknownFields",
          "CachedSize");

  /**
   * The capitalized name protoc uses in a field's accessors: {@code getOrderId}, {@code getClass_}.
   */
  public static String accessorName(String fieldName) {
    String camel = camelCase(fieldName, true);
    return FORBIDDEN_FIELD_NAMES.contains(camel) ? camel + "_" : camel;
  }

  /**
   * protoc's UnderscoresToCamelCase: letters after an underscore, digit or other separator are
   * upper-cased, separators dropped ({@code order_id} to {@code OrderId}).
   */
  public static String camelCase(String name, boolean capitalizeFirst) {
    StringBuilder out = new StringBuilder(name.length());
    boolean capitalizeNext = capitalizeFirst;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out.append(capitalizeNext ? Character.toUpperCase(c) : c);
        capitalizeNext = false;
      } else if (c >= 'A' && c <= 'Z') {
        out.append(i == 0 && !capitalizeFirst ? Character.toLowerCase(c) : c);
        capitalizeNext = false;
      } else if (c >= '0' && c <= '9') {
        out.append(c);
        capitalizeNext = true;
      } else {
        capitalizeNext = true;
      }
    }
    return out.toString();
  }
}
