package dev.protoevents.generator.model;

import java.util.List;

/**
 * Everything one build generates for: the resources with their domain events, sorted by proto
 * name so output does not depend on file order.
 *
 * @param resources the resources
 */
public record EventModel(List<Resource> resources) {
  /** Copies the list. */
  public EventModel {
    resources = List.copyOf(resources);
  }
}
