package dev.protoevents.maven.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses output directories the plugin must not write to, before anything is generated: one that
 * is or contains a source root the plugin does not own ({@code src/main/java}, another plugin's
 * generated sources, the .proto sources), and one that equals or nests in the other output
 * directory. Each problem is one line with a stable tag, the directory and the fix.
 *
 * <pre>{@code
 * List<String> problems = OutputDirectoryCheck.problems(
 *     outputDirectory, Optional.of(messagesOutputDirectory), projectSources, registeredRoots);
 * }</pre>
 */
public final class OutputDirectoryCheck {
  /** Tag of an output directory that equals or nests in the other one. */
  public static final String CLASH = "output-directory-clash";

  /** Tag of an output directory that is or contains a source root the plugin does not own. */
  public static final String HOLDS_SOURCES = "output-holds-sources";

  private OutputDirectoryCheck() {}

  /**
   * The problems with the configured output directories; empty when both are safe to write to.
   *
   * @param events the {@code outputDirectory} parameter
   * @param messages the {@code messagesOutputDirectory} parameter, when messages are generated
   * @param projectSources directories that are the project's own sources whatever else is
   *     configured: {@code src/main/java}, {@code src/test/java}, the .proto source and import
   *     directories
   * @param registeredRoots compile and test source roots registered so far in this build; one equal
   *     to an output directory of this execution is taken as registered by it (in an earlier run of
   *     the same build) or by another protoevents execution sharing the directory
   */
  public static List<String> problems(
      Path events,
      Optional<Path> messages,
      Collection<Path> projectSources,
      Collection<Path> registeredRoots)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Path eventsDir = canonical(events);
    Optional<Path> messagesDir =
        messages.isPresent() ? Optional.of(canonical(messages.get())) : Optional.empty();
    if (messagesDir.isPresent()) {
      Path m = messagesDir.get();
      if (m.equals(eventsDir) || m.startsWith(eventsDir) || eventsDir.startsWith(m)) {
        problems.add(
            "[protoevents:"
                + CLASH
                + "] outputDirectory "
                + eventsDir
                + (m.equals(eventsDir)
                    ? " is also the messagesOutputDirectory"
                    : " and messagesOutputDirectory " + m + " lie inside each other")
                + ": each output directory must be protoevents' own, or the build would see"
                + " sources twice. Fix: give outputDirectory and messagesOutputDirectory separate"
                + " directories (the defaults are target/generated-sources/protoevents and"
                + " target/generated-sources/protobuf).");
      }
    }
    Set<Path> own = new LinkedHashSet<>();
    own.add(eventsDir);
    messagesDir.ifPresent(own::add);
    Set<Path> foreign = new LinkedHashSet<>();
    for (Path root : projectSources) {
      foreign.add(canonical(root));
    }
    for (Path root : registeredRoots) {
      Path canonical = canonical(root);
      if (!own.contains(canonical)) {
        foreign.add(canonical);
      }
    }
    for (Path output : own) {
      String parameter = output.equals(eventsDir) ? "outputDirectory" : "messagesOutputDirectory";
      for (Path root : foreign) {
        if (root.startsWith(output)) {
          problems.add(
              "[protoevents:"
                  + HOLDS_SOURCES
                  + "] "
                  + parameter
                  + " "
                  + output
                  + (root.equals(output) ? " is" : " contains")
                  + " the source directory "
                  + root
                  + ", which protoevents does not own; it writes only to directories that hold"
                  + " nothing but its own output, and nothing was written. Fix: set "
                  + parameter
                  + " to a directory of its own under target/ (or leave it out for the default).");
        }
      }
    }
    return problems;
  }

  /** Absolute and normalized; with symbolic links resolved as far as the path exists. */
  static Path canonical(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    return existing.toRealPath().resolve(existing.relativize(absolute));
  }
}
