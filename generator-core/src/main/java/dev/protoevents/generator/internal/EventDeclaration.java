package dev.protoevents.generator.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * What an option says about a domain event, before any check.
 *
 * @param optionNumber field number of the extension that declared it (errors point at it)
 * @param resource the resource message it belongs to, as written (simple or full name)
 * @param keyField name of the field holding the resource id
 */
public record EventDeclaration(
    int optionNumber, Optional<String> resource, Optional<String> keyField) {
  /** Checks for nulls. */
  public EventDeclaration {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(keyField, "keyField");
  }
}
