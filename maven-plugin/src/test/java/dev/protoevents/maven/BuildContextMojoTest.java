package dev.protoevents.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.Scanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * The Mojo tells an IDE's plexus {@link BuildContext} (Eclipse m2e injects its own) which output
 * files it wrote or deleted, and only those, and marks each problem on its .proto file; run through
 * maven-plugin-testing-harness with a recording context in place of m2e's.
 */
@MojoTest(realRepositorySession = true)
class BuildContextMojoTest {
  private static final String HEADER =
      "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n"
          + "option java_multiple_files = true;\n";
  private static final String ORDER =
      HEADER + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";

  @TempDir Path basedir;

  private final RecordingContext ide = new RecordingContext();

  @Provides
  MavenProject project() {
    MavenProject project = new MavenProject();
    project.setFile(basedir.resolve("pom.xml").toFile());
    Build build = new Build();
    build.setDirectory(basedir.resolve("target").toString());
    project.setBuild(build);
    project.setRemoteArtifactRepositories(List.of());
    return project;
  }

  @Provides
  BuildContext buildContext() {
    return ide;
  }

  @BeforeAll
  static void fillLocalRepository() throws Exception {
    GenerateMojoTest.fillLocalRepository();
  }

  private void write(String path, String content) throws IOException {
    Path file = basedir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void run(GenerateMojo mojo) throws Exception {
    mojo.setLog(new SystemStreamLog());
    mojo.execute();
  }

  private String relative(File file) {
    return basedir.relativize(file.toPath()).toString().replace('\\', '/');
  }

  @Test
  void onlyFilesWrittenOrDeletedAreReportedAsChanged(
      @InjectMojo(goal = "generate") GenerateMojo mojo) throws Exception {
    // Given a first generation, reported file by file
    write("src/main/proto/shop/order.proto", ORDER);
    run(mojo);
    List<String> first = ide.refreshed.stream().map(this::relative).toList();
    assertTrue(
        first.contains("target/generated-sources/protoevents/shop/OrderPublisher.java"),
        first::toString);
    assertTrue(
        first.contains("target/generated-sources/protobuf/shop/Order.java"), first::toString);

    // When a field is added to Order (its message class changes, its event API does not) and a
    // second file appears, then that file is deleted again
    ide.refreshed.clear();
    write(
        "src/main/proto/shop/order.proto",
        ORDER.replace("string id = 1;", "string id = 1;\n  int32 n = 2;"));
    run(mojo);
    List<String> changed = ide.refreshed.stream().map(this::relative).toList();

    // Then the changed message class is reported, and no unchanged event API source
    assertTrue(
        changed.contains("target/generated-sources/protobuf/shop/Order.java"), changed::toString);
    assertFalse(
        changed.stream().anyMatch(f -> f.startsWith("target/generated-sources/protoevents/")),
        changed::toString);

    // And deleting a .proto reports exactly the files it had generated
    write(
        "src/main/proto/shop/invoice.proto",
        HEADER + "message Invoice {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n");
    run(mojo);
    ide.refreshed.clear();
    Files.delete(basedir.resolve("src/main/proto/shop/invoice.proto"));
    run(mojo);
    List<String> deleted = ide.refreshed.stream().map(this::relative).toList();
    assertTrue(deleted.contains("target/generated-sources/protoevents/shop/InvoicePublisher.java"));
    assertTrue(deleted.stream().allMatch(f -> f.contains("Invoice")), deleted::toString);
    assertTrue(
        deleted.stream().noneMatch(f -> Files.exists(basedir.resolve(f))), deleted::toString);
  }

  @Test
  void problemsBecomeErrorMarkersOnTheirProtoFile(@InjectMojo(goal = "generate") GenerateMojo mojo)
      throws Exception {
    // Given an imperative event name on line 8 of shop/order.proto
    write(
        "src/main/proto/shop/order.proto",
        ORDER
            + "message CreateOrder {\n  option (protoevents.event) = { resource: \"Order\" };\n"
            + "  string order_id = 1;\n}\n");

    // When the Mojo runs
    assertThrows(MojoFailureException.class, () -> run(mojo));

    // Then the IDE got one error marker on that file and line, with the tag and the fix; the
    // file's old markers were removed first
    assertEquals(1, ide.messages.size(), ide.messages::toString);
    Message message = ide.messages.get(0);
    assertEquals("src/main/proto/shop/order.proto", relative(message.file()));
    assertEquals(9, message.line());
    assertEquals(BuildContext.SEVERITY_ERROR, message.severity());
    assertTrue(
        message.text().startsWith("[protoevents:event-not-past-tense] message shop.CreateOrder"),
        message::text);
    assertTrue(message.text().contains("Fix: rename it to 'OrderCreated'"), message::text);
    assertTrue(ide.cleared.contains(message.file()), ide.cleared::toString);
  }

  record Message(File file, int line, int column, String text, int severity) {}

  /** What an IDE's build context would be told. */
  static final class RecordingContext implements BuildContext {
    final List<File> refreshed = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<File> cleared = new ArrayList<>();

    @Override
    public void refresh(File file) {
      refreshed.add(file);
    }

    @Override
    public void addMessage(
        File file, int line, int column, String message, int severity, Throwable cause) {
      messages.add(new Message(file, line, column, message, severity));
    }

    @Override
    public void removeMessages(File file) {
      cleared.add(file);
    }

    @Override
    public void addWarning(File file, int line, int column, String message, Throwable cause) {
      addMessage(file, line, column, message, SEVERITY_WARNING, cause);
    }

    @Override
    public void addError(File file, int line, int column, String message, Throwable cause) {
      addMessage(file, line, column, message, SEVERITY_ERROR, cause);
    }

    @Override
    public boolean hasDelta(String relpath) {
      return true;
    }

    @Override
    public boolean hasDelta(File file) {
      return true;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean hasDelta(List relpaths) {
      return true;
    }

    @Override
    public OutputStream newFileOutputStream(File file) throws IOException {
      return Files.newOutputStream(file.toPath());
    }

    @Override
    public Scanner newScanner(File basedir) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Scanner newDeleteScanner(File basedir) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Scanner newScanner(File basedir, boolean ignoreDelta) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isIncremental() {
      return true;
    }

    @Override
    public void setValue(String key, Object value) {}

    @Override
    public Object getValue(String key) {
      return null;
    }

    @Override
    public boolean isUptodate(File target, File source) {
      return false;
    }
  }
}
