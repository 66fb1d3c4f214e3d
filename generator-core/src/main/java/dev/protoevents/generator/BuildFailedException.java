package dev.protoevents.generator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The .proto input is wrong: protoc rejected it or it breaks protoevents' rules. Carries every
 * problem of the run; nothing was written to the output directories.
 */
public final class BuildFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  /** A failure listing {@code diagnostics}, which must not be empty. */
  public BuildFailedException(List<Diagnostic> diagnostics) {
    super(summary(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** Every problem found, in file and line order. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String summary(List<Diagnostic> diagnostics) {
    if (diagnostics.isEmpty()) {
      throw new IllegalArgumentException("a failed build needs at least one diagnostic");
    }
    return "protoevents found "
        + diagnostics.size()
        + (diagnostics.size() == 1 ? " problem" : " problems")
        + " in the .proto files:\n"
        + diagnostics.stream().map(d -> "  " + d.format()).collect(Collectors.joining("\n"));
  }
}
