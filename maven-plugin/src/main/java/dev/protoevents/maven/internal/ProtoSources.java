package dev.protoevents.maven.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the .proto files under a directory.
 *
 * <pre>{@code
 * List<String> files = ProtoSources.find(Path.of("src/main/proto")); // ["shop/order.proto"]
 * }</pre>
 */
public final class ProtoSources {
  private ProtoSources() {}

  /**
   * The .proto files under {@code root} as relative paths with {@code /} separators, sorted; empty
   * when {@code root} does not exist or is not a directory.
   */
  public static List<String> find(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".proto"))
          .filter(Files::isRegularFile)
          .map(file -> relativeName(root, file))
          .sorted()
          .collect(Collectors.toUnmodifiableList());
    }
  }

  private static String relativeName(Path root, Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
