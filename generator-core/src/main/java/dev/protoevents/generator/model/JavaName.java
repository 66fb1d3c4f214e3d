package dev.protoevents.generator.model;

import java.util.List;

/**
 * The Java name of a class protoc generates: its package and its simple names from the outermost
 * class inwards ({@code [CustomerProto, Customer]} for a message in a file without {@code
 * java_multiple_files}).
 *
 * @param packageName the Java package, possibly empty
 * @param simpleNames the class and its enclosing classes, outermost first
 */
public record JavaName(String packageName, List<String> simpleNames) {
  /** Copies the list and checks it is not empty. */
  public JavaName {
    simpleNames = List.copyOf(simpleNames);
    if (simpleNames.isEmpty()) {
      throw new IllegalArgumentException("a Java class needs a simple name");
    }
  }

  /** The innermost simple name, e.g. {@code Customer}. */
  public String simpleName() {
    return simpleNames.get(simpleNames.size() - 1);
  }

  /** The fully qualified name, e.g. {@code dev.example.CustomerProto.Customer}. */
  public String canonicalName() {
    String nested = String.join(".", simpleNames);
    return packageName.isEmpty() ? nested : packageName + "." + nested;
  }
}
