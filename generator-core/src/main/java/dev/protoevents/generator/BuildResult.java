package dev.protoevents.generator;

import java.nio.file.Path;
import java.util.List;

/**
 * What a successful run produced, and what it changed in the output directories.
 *
 * @param protoFiles the .proto files generated from, relative to the source root, sorted
 * @param eventFiles the event API sources generated, relative to the events output directory,
 *     sorted
 * @param messageFileCount number of message class sources protoc generated (0 when switched off)
 * @param filesWritten output files created or replaced because their content changed
 * @param filesUnchanged output files left untouched because their content was already right
 * @param filesDeleted output files an earlier run wrote that are no longer generated
 * @param changedFiles absolute paths of the output files written or deleted, for IDEs that must be
 *     told what changed
 */
public record BuildResult(
    List<String> protoFiles,
    List<Path> eventFiles,
    int messageFileCount,
    int filesWritten,
    int filesUnchanged,
    int filesDeleted,
    List<Path> changedFiles) {
  /** Copies the lists. */
  public BuildResult {
    protoFiles = List.copyOf(protoFiles);
    eventFiles = List.copyOf(eventFiles);
    changedFiles = List.copyOf(changedFiles);
  }

  /** A result that says nothing about changes (all counts 0). */
  public BuildResult(List<String> protoFiles, List<Path> eventFiles, int messageFileCount) {
    this(protoFiles, eventFiles, messageFileCount, 0, 0, 0, List.of());
  }
}
