package dev.protoevents.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryCheckTest {
  @Test
  void theDefaultsAreSafe(@TempDir Path project) throws Exception {
    List<String> problems =
        OutputDirectoryCheck.problems(
            project.resolve("target/generated-sources/protoevents"),
            Optional.of(project.resolve("target/generated-sources/protobuf")),
            List.of(
                project.resolve("src/main/java"),
                project.resolve("src/test/java"),
                project.resolve("src/main/proto")),
            // this execution's own output, registered by an earlier run in the same build
            List.of(project.resolve("target/generated-sources/protoevents")));
    assertEquals(List.of(), problems);
  }

  @Test
  void anOutputDirectoryThatIsASourceRootIsRefused(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("src/main/java"));
    List<String> problems =
        OutputDirectoryCheck.problems(
            project.resolve("src/main/java"),
            Optional.of(project.resolve("target/generated-sources/protobuf")),
            List.of(project.resolve("src/main/java"), project.resolve("src/main/proto")),
            // src/main/java is a registered compile source root too
            List.of(project.resolve("src/main/java")));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("[protoevents:output-holds-sources] outputDirectory "));
    assertTrue(problems.get(0).contains(" is the source directory "), problems.get(0));
  }

  @Test
  void anOutputDirectoryThatContainsASourceRootIsRefused(@TempDir Path project) throws Exception {
    List<String> problems =
        OutputDirectoryCheck.problems(
            project.resolve("target/protoevents-out"),
            Optional.of(project.resolve("target/generated-sources")),
            List.of(),
            List.of(project.resolve("target/generated-sources/antlr4")));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems.get(0).startsWith("[protoevents:output-holds-sources] messagesOutputDirectory "),
        problems.get(0));
    assertTrue(problems.get(0).contains(" contains the source directory "), problems.get(0));
    assertTrue(problems.get(0).contains("antlr4"), problems.get(0));
  }

  @Test
  void equalOrNestedOutputDirectoriesAreRefused(@TempDir Path project) throws Exception {
    Path shared = project.resolve("target/generated-sources/shared");
    List<String> equal =
        OutputDirectoryCheck.problems(shared, Optional.of(shared), List.of(), List.of());
    assertEquals(1, equal.size(), equal::toString);
    assertTrue(equal.get(0).startsWith("[protoevents:output-directory-clash] "), equal.get(0));
    assertTrue(equal.get(0).contains("is also the messagesOutputDirectory"), equal.get(0));

    List<String> nested =
        OutputDirectoryCheck.problems(
            shared, Optional.of(shared.resolve("messages")), List.of(), List.of());
    assertEquals(1, nested.size(), nested::toString);
    assertTrue(nested.get(0).contains("lie inside each other"), nested.get(0));
  }

  @Test
  void withoutMessagesOnlyTheEventsDirectoryCounts(@TempDir Path project) throws Exception {
    assertEquals(
        List.of(),
        OutputDirectoryCheck.problems(
            project.resolve("target/gen"),
            Optional.empty(),
            List.of(project.resolve("src")),
            List.of()));
  }
}
