package dev.protoevents.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.generator.model.GeneratedClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output directories are updated file by file against the real protoc: unchanged files keep
 * their mtime, changed ones are rewritten, files of a deleted .proto go, and files protoevents did
 * not write are never touched. Every file's mtime is first set to a fixed instant in the past, so
 * "not rewritten" is an exact comparison with that instant, not a timing guess.
 */
class IncrementalOutputTest {
  private static final FileTime PAST = FileTime.fromMillis(1_000_000_000_000L);
  private static final String HEADER =
      "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n"
          + "option java_multiple_files = true;\n";
  private static final String ORDER =
      HEADER + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";
  private static final String CUSTOMER =
      HEADER + "message Customer {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";

  @Test
  void secondRunWithTheSameInputsWritesNothing(@TempDir Path dir) throws Exception {
    // Given a generated project whose files all carry an old mtime
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", ORDER));
    BuildResult first = new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    assertEquals(
        3 + GeneratedClass.values().length,
        first.filesWritten(),
        "first run writes all 3 message files and one file per generated class");
    Map<Path, FileTime> before = ageAll(dir.resolve("out"));

    // When it runs again on the same input
    BuildResult second = new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    // Then no file is written or deleted, and every mtime is the old one
    assertEquals(0, second.filesWritten());
    assertEquals(0, second.filesDeleted());
    assertEquals(first.filesWritten(), second.filesUnchanged());
    assertEquals(before, mtimes(dir.resolve("out")));
  }

  @Test
  void changingOneProtoRewritesOnlyTheFilesWhoseContentChanged(@TempDir Path dir) throws Exception {
    // Given two resources in two files, generated, all files aged
    Path src =
        TestProjects.sources(
            dir, Map.of("shop/order.proto", ORDER, "shop/customer.proto", CUSTOMER));
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    Map<Path, String> contentBefore = contents(dir.resolve("out"));
    Map<Path, FileTime> before = ageAll(dir.resolve("out"));

    // When a field is added to Order
    Files.writeString(
        src.resolve("shop/order.proto"),
        ORDER.replace("string id = 1;", "string id = 1;\n  int32 n = 2;"));
    BuildResult result = new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    // Then exactly the files whose content changed got a new mtime, and they are Order's
    Map<Path, String> contentAfter = contents(dir.resolve("out"));
    assertEquals(contentBefore.keySet(), contentAfter.keySet());
    Set<Path> changed =
        contentBefore.keySet().stream()
            .filter(f -> !contentBefore.get(f).equals(contentAfter.get(f)))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<Path> touched =
        mtimes(dir.resolve("out")).entrySet().stream()
            .filter(e -> !e.getValue().equals(before.get(e.getKey())))
            .map(Map.Entry::getKey)
            .collect(Collectors.toCollection(TreeSet::new));
    assertFalse(changed.isEmpty());
    assertEquals(changed, touched);
    assertEquals(changed.size(), result.filesWritten());
    assertTrue(
        touched.stream().noneMatch(f -> f.getFileName().toString().startsWith("Customer")),
        () -> "Customer's files were rewritten: " + touched);
  }

  @Test
  void deletingOneProtoRemovesExactlyItsFiles(@TempDir Path dir) throws Exception {
    Path src =
        TestProjects.sources(
            dir, Map.of("shop/order.proto", ORDER, "shop/customer.proto", CUSTOMER));
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    Map<Path, FileTime> before = ageAll(dir.resolve("out"));

    Files.delete(src.resolve("shop/customer.proto"));
    BuildResult result = new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    Map<Path, FileTime> after = mtimes(dir.resolve("out"));
    Set<Path> gone = new TreeSet<>(before.keySet());
    gone.removeAll(after.keySet());
    assertTrue(
        gone.stream()
            .allMatch(
                f ->
                    f.getFileName().toString().startsWith("Customer")
                        || f.getFileName().toString().startsWith("CustomerOuterClass")),
        () -> "deleted: " + gone);
    assertTrue(gone.contains(Path.of("events/shop/CustomerPublisher.java")), () -> "" + gone);
    assertTrue(gone.contains(Path.of("messages/shop/Customer.java")), () -> "" + gone);
    assertEquals(gone.size(), result.filesDeleted());
    after.forEach((file, time) -> assertEquals(PAST, time, file + " was touched"));
  }

  @Test
  void handWrittenFilesInTheOutputDirectoryAreNeverTouched(@TempDir Path dir) throws Exception {
    // Given a hand-written file next to where protoevents writes
    Path src =
        TestProjects.sources(
            dir, Map.of("shop/order.proto", ORDER, "shop/customer.proto", CUSTOMER));
    Path handWritten = dir.resolve("out/events/shop/Util.java");
    Files.createDirectories(handWritten.getParent());
    Files.writeString(handWritten, "package shop; class Util {}\n");
    Files.setLastModifiedTime(handWritten, PAST);

    // When protoevents generates, and then runs again after a .proto is deleted
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    Files.delete(src.resolve("shop/customer.proto"));
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    // Then the hand-written file is as it was
    assertEquals("package shop; class Util {}\n", Files.readString(handWritten));
    assertEquals(PAST, Files.getLastModifiedTime(handWritten));
  }

  @Test
  void aFileInTheWayThatProtoeventsDidNotWriteFailsTheRunBeforeAnythingChanges(@TempDir Path dir)
      throws Exception {
    // Given a hand-written OrderPublisher.java where protoevents would write one
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", ORDER));
    Path handWritten = dir.resolve("out/events/shop/OrderPublisher.java");
    Files.createDirectories(handWritten.getParent());
    Files.writeString(handWritten, "// mine\n");

    // When protoevents runs
    BuildFailedException failure =
        assertThrows(
            BuildFailedException.class,
            () -> new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of())));

    // Then it names the file and the tag, and wrote nothing at all
    assertTrue(
        failure.getMessage().contains("[protoevents:output-file-not-owned]"), failure.getMessage());
    assertTrue(failure.getMessage().contains("OrderPublisher.java"), failure.getMessage());
    assertEquals("// mine\n", Files.readString(handWritten));
    assertEquals(
        Set.of(Path.of("events/shop/OrderPublisher.java")), mtimes(dir.resolve("out")).keySet());
  }

  @Test
  void aFileAnEarlierProtoeventsWroteWithoutAManifestIsReplaced(@TempDir Path dir)
      throws Exception {
    // Given an event API source from a protoevents version that kept no manifest
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", ORDER));
    Path old = dir.resolve("out/events/shop/OrderPublisher.java");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "// Generated by protoevents. Do not edit.\n// an older version\n");

    // When protoevents runs, it takes the file as its own
    BuildResult result = new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    assertEquals(3 + GeneratedClass.values().length, result.filesWritten());
    assertFalse(Files.readString(old).contains("an older version"));
  }

  @Test
  void aMovedOutputDirectoryTakesProtoeventsFilesAlongAndLeavesOthers(@TempDir Path dir)
      throws Exception {
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", ORDER));
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    Path other = dir.resolve("out/events/shop/Other.java");
    Files.writeString(other, "// mine\n");

    BuildRequest moved = TestProjects.request(dir, src, List.of());
    moved =
        new BuildRequest(
            moved.protoc(),
            moved.protoSourceRoot(),
            moved.importRoots(),
            moved.messagesOutputDirectory(),
            dir.resolve("elsewhere"),
            moved.workDirectory(),
            moved.namespace(),
            moved.configuredResources());
    new ProtoeventsBuild().run(moved);

    assertEquals(Set.of(Path.of("shop/Other.java")), mtimes(dir.resolve("out/events")).keySet());
    assertTrue(Files.exists(dir.resolve("elsewhere/shop/OrderPublisher.java")));
  }

  /** Sets every file's mtime below {@code root} to {@link #PAST}; returns them. */
  private static Map<Path, FileTime> ageAll(Path root) throws IOException {
    for (Path file : mtimes(root).keySet()) {
      Files.setLastModifiedTime(root.resolve(file), PAST);
    }
    return mtimes(root);
  }

  private static Map<Path, FileTime> mtimes(Path root) throws IOException {
    Map<Path, FileTime> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(file), Files.getLastModifiedTime(file));
      }
    }
    return out;
  }

  private static Map<Path, String> contents(Path root) throws IOException {
    Map<Path, String> out = new TreeMap<>();
    for (Path file : mtimes(root).keySet()) {
      out.put(file, Files.readString(root.resolve(file)));
    }
    return out;
  }
}
