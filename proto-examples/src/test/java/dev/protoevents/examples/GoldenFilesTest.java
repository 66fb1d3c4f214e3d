package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event APIs the Maven plugin generated for this module are byte for byte the checked-in golden
 * files, so every change to the generator shows up as a reviewable diff.
 *
 * <p>After an intended generator change, refresh them with {@code ./mvnw -pl proto-examples -am
 * verify -Dprotoevents.updateGolden=true}.
 */
class GoldenFilesTest {
  private static final Path GOLDEN =
      Path.of(System.getProperty("protoevents.golden", "src/test/golden"));
  private static final Path GENERATED =
      Path.of(System.getProperty("protoevents.generated", "target/generated-sources/protoevents"));

  @Test
  void generatedSourcesEqualTheGoldenFiles() throws IOException {
    // Given the sources the plugin generated in this build
    List<String> generated = list(GENERATED);
    assertFalse(generated.isEmpty(), "nothing generated in " + GENERATED);
    if (Boolean.getBoolean("protoevents.updateGolden")) {
      update(generated);
    }

    // Then the same files exist in the golden tree, with the same bytes
    assertEquals(list(GOLDEN), generated, "generated files differ from " + GOLDEN);
    List<String> different = new ArrayList<>();
    for (String file : generated) {
      if (Files.mismatch(GOLDEN.resolve(file), GENERATED.resolve(file)) != -1) {
        different.add(file);
      }
    }
    assertEquals(
        List.of(),
        different,
        "generated sources differ from the golden files; review with diff -r "
            + GOLDEN
            + " "
            + GENERATED
            + " and refresh with -Dprotoevents.updateGolden=true if the change is intended");
  }

  private static void update(List<String> generated) throws IOException {
    if (Files.exists(GOLDEN)) {
      try (Stream<Path> old = Files.walk(GOLDEN)) {
        for (Path path : old.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(path);
        }
      }
    }
    for (String file : generated) {
      Files.createDirectories(GOLDEN.resolve(file).getParent());
      Files.copy(GENERATED.resolve(file), GOLDEN.resolve(file));
    }
  }

  private static List<String> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
