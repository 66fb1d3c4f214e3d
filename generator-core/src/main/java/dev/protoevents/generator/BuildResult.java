package dev.protoevents.generator;

import java.nio.file.Path;
import java.util.List;

/**
 * What a successful run produced.
 *
 * @param protoFiles the .proto files generated from, relative to the source root, sorted
 * @param eventFiles the event API sources written, relative to the events output directory, sorted
 * @param messageFileCount number of message class sources protoc wrote (0 when switched off)
 */
public record BuildResult(List<String> protoFiles, List<Path> eventFiles, int messageFileCount) {
  /** Copies the lists. */
  public BuildResult {
    protoFiles = List.copyOf(protoFiles);
    eventFiles = List.copyOf(eventFiles);
  }
}
