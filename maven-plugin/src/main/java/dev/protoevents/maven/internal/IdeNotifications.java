package dev.protoevents.maven.internal;

import dev.protoevents.generator.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * Tells an IDE (Eclipse m2e, through plexus {@link BuildContext}) which generated files changed, so
 * that it refreshes and recompiles exactly those, and puts each problem as an error marker on its
 * .proto file at its line. On the command line Maven supplies {@link DefaultBuildContext}, whose
 * messages would only repeat the build's own error lines, so nothing is sent to it: a no-op.
 */
public final class IdeNotifications {
  private final BuildContext context;
  private final boolean ide;

  /** Notifications through {@code context}; none if it is the command line's default. */
  public IdeNotifications(BuildContext context) {
    this.context = context;
    this.ide = context != null && !(context instanceof DefaultBuildContext);
  }

  /** Each file written or deleted by a generation. */
  public void changed(List<Path> files) {
    if (ide) {
      files.forEach(file -> context.refresh(file.toFile()));
    }
  }

  /** Removes the markers of an earlier run from the .proto files below {@code sources}. */
  public void clearMessages(Path sources) throws IOException {
    if (!ide || !Files.isDirectory(sources)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(sources)) {
      walk.filter(p -> p.toString().endsWith(".proto"))
          .forEach(p -> context.removeMessages(p.toFile()));
    }
  }

  /** An error marker per problem on its .proto file (at its line and column, where known). */
  public void problems(List<Diagnostic> diagnostics) {
    if (!ide) {
      return;
    }
    for (Diagnostic d : diagnostics) {
      File file = new File(d.file());
      if (!file.isFile()) {
        continue; // a configuration problem: no file to mark
      }
      String text =
          "[protoevents:"
              + d.tag()
              + "] "
              + (d.element().isEmpty() ? "" : d.element() + ": ")
              + d.message()
              + (d.fix().isEmpty() ? "" : " Fix: " + d.fix());
      context.addMessage(file, d.line(), d.column(), text, BuildContext.SEVERITY_ERROR, null);
    }
  }
}
