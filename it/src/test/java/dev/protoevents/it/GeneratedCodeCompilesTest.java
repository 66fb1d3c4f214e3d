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
 * Generated event APIs compile with every lint warning turned into an error, and load as the types
 * they promise (a sealed event type of records per resource).
 */
class GeneratedCodeCompilesTest {
  private static final Path EXAMPLES = Path.of("..", "proto-examples", "src", "main", "proto");

  @Test
  void exampleSourcesCompileWithoutWarningsAndLoad(@TempDir Path dir) throws Exception {
    // Given the example protos generated into a fresh directory
    // When protoc's message classes and then our sources (-Xlint:all -Werror) are compiled
    try (URLClassLoader loader =
        generateAndCompile(EXAMPLES, List.of("shop.carts.CartItem"), 45, dir)) {
      // Then the classes load with the promised shape
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
      Class<?> processor = loader.loadClass("dev.protoevents.examples.shop.orders.OrderProcessor");
      assertTrue(
          Arrays.stream(processor.getDeclaredMethods())
              .filter(m -> !m.isSynthetic())
              .allMatch(java.lang.reflect.Method::isDefault),
          "every processor method has a default");
      assertEquals(
          "dev.protoevents.runtime.process.EventProcessor",
          loader
              .loadClass("dev.protoevents.examples.shop.orders.OrderTopic")
              .getMethod("process", java.util.Map.class, String.class, processor)
              .getReturnType()
              .getName());
      loader.loadClass("dev.protoevents.examples.shop.billing.InvoiceEmitter");
      Class<?> view = loader.loadClass("dev.protoevents.examples.shop.customers.CustomerView");
      assertEquals("dev.protoevents.runtime.ResourceView", view.getSuperclass().getName());
    }
  }

  @Test
  void namesThatShadowJavaLangOrRecordMembersStillCompileWithoutWarnings(@TempDir Path dir)
      throws Exception {
    // Given messages named String, Exception and Metadata, a key field named class, a resource
    // nested in an outer class and an edition 2024 file
    Path sources = Path.of(getClass().getResource("/tricky").toURI());

    // When they are generated and compiled with -Xlint:all -Werror
    try (URLClassLoader loader = generateAndCompile(sources, List.of(), 54, dir)) {
      // a nested message named like the file class: protoc calls that class ShipmentOuterClass
      loader.loadClass("dev.protoevents.tricky.shipments.DeliveryPublisher");
      loader.loadClass("dev.protoevents.tricky.shipments.ShipmentOuterClass$Delivery");
      // Then the names were made unique where they had to be
      Class<?> created = loader.loadClass("dev.protoevents.tricky.MetadataEvent$Created");
      assertEquals(
          List.of("metadata_", "metadata"),
          Arrays.stream(created.getRecordComponents()).map(c -> c.getName()).toList());
      assertEquals(
          "io.restorecommerce.record.resource",
          loader.loadClass("dev.protoevents.tricky.nested.RecordTopic").getField("NAME").get(null));
    }
  }

  /**
   * Generates from {@code sources}, checks the number of event API files, compiles protoc's classes
   * and then ours with -Xlint:all -Werror (failing on any diagnostic), and returns a loader of the
   * result.
   */
  private static URLClassLoader generateAndCompile(
      Path sources, List<String> resources, int expectedFiles, Path dir) throws Exception {
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
                    sources,
                    List.of(),
                    Optional.of(dir.resolve("messages")),
                    dir.resolve("events"),
                    dir.resolve("work"),
                    BuildRequest.DEFAULT_NAMESPACE,
                    resources));
    assertEquals(expectedFiles, result.eventFiles().size(), result.eventFiles()::toString);

    String classpath = System.getProperty("java.class.path");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    assertEquals(
        "",
        describe(
            compile(dir.resolve("messages"), classes, classpath, List.of()).stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .toList()),
        "protoc's classes did not compile");
    assertEquals(
        "",
        describe(
            compile(
                dir.resolve("events"),
                classes,
                classpath + File.pathSeparator + classes,
                List.of("-Xlint:all", "-Werror"))),
        "javac reported on the generated event APIs");
    return new URLClassLoader(
        new URL[] {classes.toUri().toURL()}, GeneratedCodeCompilesTest.class.getClassLoader());
  }

  private static String describe(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .map(d -> d.getKind() + " " + d.getMessage(null) + " in " + d.getSource())
        .collect(Collectors.joining("\n"));
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
