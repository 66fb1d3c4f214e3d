package dev.protoevents.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds throw-away proto source trees and runs the real protoc over them. */
final class TestProjects {
  private TestProjects() {}

  /** The protoc of this machine, copied by the build (see the pom's copy-protoc execution). */
  static Path protoc() {
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    if (!Files.exists(protoc)) {
      throw new IllegalStateException(
          "protoc not found at " + protoc + "; run the tests through Maven");
    }
    if (!protoc.toFile().canExecute() && !protoc.toFile().setExecutable(true)) {
      throw new IllegalStateException("cannot make " + protoc + " executable");
    }
    return protoc;
  }

  /** The proto-examples module's .proto sources. */
  static Path exampleProtos() {
    return Path.of("..", "proto-examples", "src", "main", "proto").toAbsolutePath().normalize();
  }

  /** Writes {@code files} (relative path to content) below {@code root}/src. */
  static Path sources(Path root, Map<String, String> files) {
    Path src = root.resolve("src");
    try {
      for (var file : files.entrySet()) {
        Path target = src.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return src;
  }

  /**
   * A request generating from {@code sources} into {@code root}/out, with the default namespace.
   */
  static BuildRequest request(Path root, Path sources, List<String> resources) {
    return new BuildRequest(
        protoc(),
        sources,
        List.of(),
        Optional.of(root.resolve("out/messages")),
        root.resolve("out/events"),
        root.resolve("work"),
        BuildRequest.DEFAULT_NAMESPACE,
        resources);
  }
}
