package dev.protoevents.generator.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one build generates for: the resources with their domain events, sorted by proto name
 * so output does not depend on file order.
 *
 * @param resources the resources
 * @param protocClasses by Java package, the simple names of the top-level classes protoc writes
 *     there; generated code must not let them shadow {@code java.lang} types
 */
public record EventModel(List<Resource> resources, Map<String, SortedSet<String>> protocClasses) {
  /** Copies the list and the map. */
  public EventModel {
    resources = List.copyOf(resources);
    TreeMap<String, SortedSet<String>> copy = new TreeMap<>();
    protocClasses.forEach(
        (pkg, names) ->
            copy.put(pkg, java.util.Collections.unmodifiableSortedSet(new TreeSet<>(names))));
    protocClasses = java.util.Collections.unmodifiableMap(copy);
  }

  /** The protoc classes in {@code javaPackage}. */
  public Set<String> protocClassesIn(String javaPackage) {
    return protocClasses.getOrDefault(javaPackage, java.util.Collections.emptySortedSet());
  }
}
