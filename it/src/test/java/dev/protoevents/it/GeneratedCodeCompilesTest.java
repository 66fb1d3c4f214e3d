package dev.protoevents.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.generator.BuildRequest;
import dev.protoevents.generator.BuildResult;
import dev.protoevents.generator.ProtoeventsBuild;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event APIs generated for proto-examples compile with every lint warning turned into an error,
 * and load as the types they promise (a sealed event type per resource).
 */
class GeneratedCodeCompilesTest {
  private static final Path EXAMPLES = Path.of("..", "proto-examples", "src", "main", "proto");

  @Test
  void generatedSourcesCompileWithoutWarningsAndLoad(@TempDir Path dir) throws Exception {
    // Given the example protos generated into a fresh directory
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(
        protoc.toFile().canExecute() || protoc.toFile().setExecutable(true),
        "protoc not executable: " + protoc);
    BuildResult result =
        new ProtoeventsBuild()
            .run(
                new BuildRequest(
                    protoc,
                    EXAMPLES,
                    List.of(),
                    Optional.of(dir.resolve("messages")),
                    dir.resolve("events"),
                    dir.resolve("work"),
                    BuildRequest.DEFAULT_NAMESPACE,
                    List.of("shop.carts.CartItem")));
    assertEquals(21, result.eventFiles().size());

    // When protoc's message classes are compiled, then our sources with -Xlint:all -Werror
    String classpath = System.getProperty("java.class.path");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    List<Diagnostic<? extends JavaFileObject>> messages =
        compile(dir.resolve("messages"), classes, classpath, List.of());
    assertEquals(List.of(), errors(messages), "protoc's classes did not compile");
    List<Diagnostic<? extends JavaFileObject>> ours =
        compile(
            dir.resolve("events"),
            classes,
            classpath + File.pathSeparator + classes,
            List.of("-Xlint:all", "-Werror"));

    // Then javac reports nothing at all
    assertEquals(
        "",
        ours.stream()
            .map(d -> d.getKind() + " " + d.getMessage(null) + " in " + d.getSource())
            .collect(Collectors.joining("\n")));

    // and the classes load with the promised shape
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> orderEvent = loader.loadClass("dev.protoevents.examples.shop.orders.OrderEvent");
      assertTrue(orderEvent.isSealed());
      assertEquals(
          List.of(
              "Created",
              "Replaced",
              "Patched",
              "Deleted",
              "Cancelled",
              "Completed",
              "PaymentReceived"),
          Arrays.stream(orderEvent.getPermittedSubclasses()).map(Class::getSimpleName).toList());
      for (Class<?> event : orderEvent.getPermittedSubclasses()) {
        assertTrue(event.isRecord(), event + " is not a record");
      }
      Class<?> handler = loader.loadClass("dev.protoevents.examples.shop.orders.OrderHandler");
      assertEquals(
          8,
          Arrays.stream(handler.getDeclaredMethods()).filter(m -> !m.isSynthetic()).count(),
          "one method per event plus onEvent");
      Class<?> view = loader.loadClass("dev.protoevents.examples.shop.customers.CustomerView");
      assertEquals("dev.protoevents.runtime.ResourceView", view.getSuperclass().getName());
    }
  }

  @Test
  void namesThatShadowJavaLangOrRecordMembersStillCompileWithoutWarnings(@TempDir Path dir)
      throws Exception {
    // Given messages named String, Exception, Metadata and a resource nested in an outer class
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(
        protoc.toFile().canExecute() || protoc.toFile().setExecutable(true),
        "protoc not executable: " + protoc);
    Path sources = Path.of(getClass().getResource("/tricky").toURI());
    BuildResult result =
        new ProtoeventsBuild()
            .run(
                new BuildRequest(
                    protoc,
                    sources,
                    List.of(),
                    Optional.of(dir.resolve("messages")),
                    dir.resolve("events"),
                    dir.resolve("work"),
                    BuildRequest.DEFAULT_NAMESPACE,
                    List.of()));
    assertEquals(35, result.eventFiles().size(), result.eventFiles()::toString);

    // When everything is compiled with -Xlint:all -Werror
    String classpath = System.getProperty("java.class.path");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    assertEquals(
        List.of(), errors(compile(dir.resolve("messages"), classes, classpath, List.of())));
    List<Diagnostic<? extends JavaFileObject>> ours =
        compile(
            dir.resolve("events"),
            classes,
            classpath + File.pathSeparator + classes,
            List.of("-Xlint:all", "-Werror"));

    // Then javac reports nothing
    assertEquals(
        "",
        ours.stream()
            .map(d -> d.getKind() + " " + d.getMessage(null) + " in " + d.getSource())
            .collect(Collectors.joining("\n")));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> created = loader.loadClass("dev.protoevents.tricky.MetadataEvent$Created");
      assertEquals(
          List.of("metadata_", "metadata"),
          Arrays.stream(created.getRecordComponents()).map(c -> c.getName()).toList());
      assertEquals(
          "io.restorecommerce.record.resource",
          loader.loadClass("dev.protoevents.tricky.nested.RecordTopic").getField("NAME").get(null));
    }
  }

  private static List<String> errors(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null))
        .toList();
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(
      Path sources, Path classes, String classpath, List<String> extra) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null);
        Stream<Path> walk = Files.walk(sources)) {
      List<File> javaFiles =
          walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
      List<String> options =
          new ArrayList<>(
              List.of("--release", "17", "-d", classes.toString(), "-classpath", classpath));
      options.addAll(extra);
      javac
          .getTask(
              null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(javaFiles))
          .call();
    }
    return diagnostics.getDiagnostics();
  }
}
