package dev.protoevents.generator;

import java.util.Objects;

/**
 * One problem found in the user's .proto files, with where it is, what is wrong and how to fix it.
 *
 * @param tag stable, searchable kind of problem, e.g. {@code event-not-past-tense}; printed as
 *     {@code [protoevents:event-not-past-tense]}
 * @param file path of the .proto file as the user knows it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param element the definition concerned, e.g. {@code message shop.CreateOrder}; empty if none
 * @param message what is wrong
 * @param fix how to fix it; empty if there is nothing to suggest
 */
public record Diagnostic(
    String tag, String file, int line, int column, String element, String message, String fix) {

  /** Checks for nulls. */
  public Diagnostic {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /**
   * The diagnostic as one line in the compiler style editors understand: {@code
   * shop/order.proto:12:1: [protoevents:tag] message shop.X: what. Fix: how.}
   */
  public String format() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
      if (column > 0) {
        out.append(':').append(column);
      }
    }
    out.append(": [protoevents:").append(tag).append("] ");
    if (!element.isEmpty()) {
      out.append(element).append(": ");
    }
    out.append(message);
    if (!fix.isEmpty()) {
      out.append(" Fix: ").append(fix);
    }
    return out.toString();
  }
}
