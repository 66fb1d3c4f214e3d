package dev.protoevents.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.protoevents.maven.internal.ProtocResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link GenerateMojo}, configured by Maven's own configurator from the plugin descriptor
 * (maven-plugin-testing-harness), on a throw-away project with the real protoc. Each parameter
 * reaches the build (its effect shows in the output) and the up-to-date fingerprint (changing it
 * alone makes the next run generate again).
 *
 * <p>protoc comes from a local repository under {@code target/local-repo} that this test fills, so
 * no download happens: the build's protoc as the plugin's default version, and the same binary as
 * version {@value #OTHER_PROTOC} to prove that {@code protocVersion} picks the artifact.
 */
@MojoTest(realRepositorySession = true)
class GenerateMojoTest {
  private static final String OTHER_PROTOC = "0.0.0-protoevents-test";
  private static final String HEADER =
      "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n"
          + "option java_multiple_files = true;\n";
  private static final String ORDER =
      HEADER + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";

  @TempDir Path basedir;

  /** The project every Mojo of one test runs in, as Maven would share it. */
  private MavenProject project;

  /** The project the Mojo builds: a pom-less basedir with its own target directory. */
  @Provides
  MavenProject project() {
    project = new MavenProject();
    project.setFile(basedir.resolve("pom.xml").toFile());
    Build build = new Build();
    build.setDirectory(basedir.resolve("target").toString());
    project.setBuild(build);
    project.setRemoteArtifactRepositories(List.of()); // the test local repository only
    return project;
  }

  @BeforeAll
  static void fillLocalRepository() throws Exception {
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(Files.isRegularFile(protoc), "run through Maven: no protoc at " + protoc);
    String classifier =
        ProtocResolver.classifierFor(System.getProperty("os.name"), System.getProperty("os.arch"));
    for (String version :
        List.of(System.getProperty("protoevents.test.protobufVersion"), OTHER_PROTOC)) {
      Path target =
          Path.of(
              "target/local-repo/com/google/protobuf/protoc",
              version,
              "protoc-" + version + "-" + classifier + ".exe");
      Files.createDirectories(target.getParent());
      Files.copy(protoc, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @BeforeEach
  void writeSources() throws IOException {
    write("src/main/proto/shop/order.proto", ORDER);
  }

  private void write(String path, String content) throws IOException {
    Path file = basedir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** Runs the Mojo and returns its INFO lines. */
  private static List<String> run(GenerateMojo mojo) throws Exception {
    List<String> info = new ArrayList<>();
    mojo.setLog(
        new SystemStreamLog() {
          @Override
          public void info(CharSequence content) {
            info.add(content.toString());
            super.info(content);
          }
        });
    mojo.execute();
    return info;
  }

  private static boolean generated(List<String> log) {
    return log.stream().anyMatch(line -> line.startsWith("protoevents: generating sources"));
  }

  private static boolean upToDate(List<String> log) {
    return log.stream()
        .anyMatch(line -> line.startsWith("protoevents: generated sources are up to date"));
  }

  /**
   * {@code before} generates, runs again with nothing changed (up to date), then {@code after},
   * which differs in one parameter, must generate again.
   */
  private static void changingOneParameterRegenerates(GenerateMojo before, GenerateMojo after)
      throws Exception {
    List<String> first = run(before);
    assertTrue(generated(first), first::toString);
    List<String> again = run(before);
    assertTrue(upToDate(again), again::toString);
    assertFalse(generated(again), again::toString);
    List<String> changed = run(after);
    assertTrue(generated(changed), () -> "a changed parameter did not regenerate: " + changed);
  }

  private Path events(String file) {
    return basedir.resolve("target/generated-sources/protoevents/shop/" + file);
  }

  private Path messages(String file) {
    return basedir.resolve("target/generated-sources/protobuf/shop/" + file);
  }

  @Test
  void defaultsGenerateBothOutputsRegisterThemAndThenStayUpToDate(
      @InjectMojo(goal = "generate") GenerateMojo mojo) throws Exception {
    // When the Mojo runs twice with its defaults
    List<String> first = run(mojo);
    List<String> second = run(mojo);

    // Then the first run generated from src/main/proto into both default directories, with the
    // plugin's protoc version, and registered both as source roots; the second did no work
    assertTrue(generated(first), first::toString);
    assertTrue(Files.isRegularFile(events("OrderPublisher.java")));
    assertTrue(Files.isRegularFile(messages("Order.java")));
    assertTrue(
        Files.readString(events("OrderTopic.java"))
            .contains("\"io.restorecommerce.order.resource\""));
    try (Stream<Path> protocs = Files.list(basedir.resolve("target/protoevents/protoc"))) {
      assertEquals(
          List.of("protoc-" + System.getProperty("protoevents.test.protobufVersion")),
          protocs
              .map(p -> p.getFileName().toString().replaceAll("-[a-z]+-[a-z0-9_]+\\.exe$", ""))
              .toList());
    }
    assertTrue(upToDate(second), second::toString);
    assertTrue(
        project
            .getCompileSourceRoots()
            .containsAll(
                List.of(
                    basedir.resolve("target/generated-sources/protoevents").toString(),
                    basedir.resolve("target/generated-sources/protobuf").toString())),
        project.getCompileSourceRoots()::toString);
  }

  @Test
  void attachProtosPacksTheOwnProtosAndTheDescriptorSetAsAResourceDirectory(
      @InjectMojo(goal = "generate") GenerateMojo mojo) throws Exception {
    // When the Mojo runs with its defaults
    run(mojo);

    // Then a resource directory holds shop/order.proto at its import path and the descriptor set
    // (with source info, imports included) at META-INF/protoevents/descriptor-set.pb
    List<String> resources =
        project.getResources().stream().map(org.apache.maven.model.Resource::getDirectory).toList();
    Path jar = basedir.resolve("target/protoevents/default/jar");
    assertEquals(List.of(jar.toAbsolutePath().toString()), resources);
    assertEquals(ORDER, Files.readString(jar.resolve("shop/order.proto")));
    FileDescriptorSet set =
        FileDescriptorSet.parseFrom(
            Files.readAllBytes(jar.resolve("META-INF/protoevents/descriptor-set.pb")));
    List<String> names = set.getFileList().stream().map(f -> f.getName()).toList();
    assertTrue(
        names.containsAll(List.of("protoevents/options.proto", "shop/order.proto")),
        names::toString);
    assertTrue(set.getFile(names.indexOf("shop/order.proto")).hasSourceCodeInfo());
  }

  @Test
  void attachProtosOff(
      @InjectMojo(goal = "generate") @MojoParameter(name = "attachProtos", value = "false")
          GenerateMojo mojo)
      throws Exception {
    run(mojo);
    assertEquals(List.of(), project.getResources());
  }

  @Test
  void protosOfADependencyJarAreImportedButGetNoCodeOfTheirOwn(
      @InjectMojo(goal = "generate") GenerateMojo mojo) throws Exception {
    // Given a dependency jar that ships shop/events/order.proto, and a service proto importing it
    Path jar = basedir.resolve("repo/events.jar");
    Files.createDirectories(jar.getParent());
    try (java.util.jar.JarOutputStream out =
        new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("shop/events/order.proto"));
      out.write(
          ("syntax = \"proto3\";\npackage shop.events;\nimport \"protoevents/options.proto\";\n"
                  + "option java_multiple_files = true;\n"
                  + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    org.apache.maven.artifact.handler.DefaultArtifactHandler handler =
        new org.apache.maven.artifact.handler.DefaultArtifactHandler("jar");
    handler.setAddedToClasspath(true);
    org.apache.maven.artifact.DefaultArtifact events =
        new org.apache.maven.artifact.DefaultArtifact(
            "shop", "events", "1.0", "compile", "jar", null, handler);
    events.setFile(jar.toFile());
    project.setArtifacts(java.util.Set.of(events));
    Files.delete(basedir.resolve("src/main/proto/shop/order.proto"));
    write(
        "src/main/proto/shop/shipment.proto",
        HEADER
            + "import \"shop/events/order.proto\";\n"
            + "message Shipment {\n  option (protoevents.resource) = {};\n  string id = 1;\n"
            + "  shop.events.Order order = 2;\n}\n");

    // When the Mojo runs
    run(mojo);

    // Then the service's own resource has its API and message class; the imported file has none
    assertTrue(Files.isRegularFile(events("ShipmentPublisher.java")));
    assertTrue(Files.isRegularFile(messages("Shipment.java")));
    assertFalse(Files.exists(basedir.resolve("target/generated-sources/protoevents/shop/events")));
    assertFalse(Files.exists(basedir.resolve("target/generated-sources/protobuf/shop/events")));
    assertTrue(
        Files.isRegularFile(
            basedir.resolve("target/protoevents/dependency-protos/shop/events/order.proto")));
    // and only the service's own file is packed for its jar
    assertFalse(Files.exists(basedir.resolve("target/protoevents/default/jar/shop/events")));
  }

  @Test
  void namespace(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate") @MojoParameter(name = "namespace", value = "com.example.shop")
          GenerateMojo after)
      throws Exception {
    changingOneParameterRegenerates(before, after);
    assertTrue(
        Files.readString(events("OrderTopic.java"))
            .contains("\"com.example.shop.order.resource\""));
  }

  @Test
  void resources(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate") @MojoParameter(name = "resources", value = "shop.Invoice")
          GenerateMojo after)
      throws Exception {
    write("src/main/proto/shop/invoice.proto", HEADER + "message Invoice {\n  string id = 1;\n}\n");
    changingOneParameterRegenerates(before, after);
    assertTrue(Files.isRegularFile(events("InvoicePublisher.java")));
  }

  @Test
  void outputDirectory(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate")
          @MojoParameter(
              name = "outputDirectory",
              value = "${project.build.directory}/other-events")
          GenerateMojo after)
      throws Exception {
    changingOneParameterRegenerates(before, after);
    assertTrue(
        Files.isRegularFile(basedir.resolve("target/other-events/shop/OrderPublisher.java")));
    assertTrue(
        project
            .getCompileSourceRoots()
            .contains(basedir.resolve("target/other-events").toString()));
  }

  @Test
  void messagesOutputDirectory(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate")
          @MojoParameter(
              name = "messagesOutputDirectory",
              value = "${project.build.directory}/other-messages")
          GenerateMojo after)
      throws Exception {
    changingOneParameterRegenerates(before, after);
    assertTrue(Files.isRegularFile(basedir.resolve("target/other-messages/shop/Order.java")));
    assertTrue(
        project
            .getCompileSourceRoots()
            .contains(basedir.resolve("target/other-messages").toString()));
  }

  @Test
  void generateMessages(
      @InjectMojo(goal = "generate") @MojoParameter(name = "generateMessages", value = "false")
          GenerateMojo before,
      @InjectMojo(goal = "generate") GenerateMojo after)
      throws Exception {
    // generateMessages=false first: no message classes, no message source root; then true
    List<String> withoutMessages = run(before);
    assertTrue(generated(withoutMessages), withoutMessages::toString);
    assertTrue(Files.isRegularFile(events("OrderPublisher.java")));
    assertFalse(Files.exists(messages("Order.java")), "message classes generated anyway");
    assertFalse(
        project
            .getCompileSourceRoots()
            .contains(basedir.resolve("target/generated-sources/protobuf").toString()));
    assertTrue(upToDate(run(before)));
    assertTrue(generated(run(after)), "switching generateMessages on did not regenerate");
    assertTrue(Files.isRegularFile(messages("Order.java")));
  }

  @Test
  void sourceDirectory(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate")
          @MojoParameter(name = "sourceDirectory", value = "${project.basedir}/other-proto")
          GenerateMojo after)
      throws Exception {
    write(
        "other-proto/shop/customer.proto",
        HEADER
            + "message Customer {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n");
    changingOneParameterRegenerates(before, after);
    assertTrue(Files.isRegularFile(events("CustomerPublisher.java")));
    assertFalse(Files.exists(events("OrderPublisher.java")), "generated from the old directory");
  }

  @Test
  void importDirectories(
      @InjectMojo(goal = "generate")
          @MojoParameter(name = "importDirectories", value = "${project.basedir}/imports-a")
          GenerateMojo before,
      @InjectMojo(goal = "generate")
          @MojoParameter(name = "importDirectories", value = "${project.basedir}/imports-b")
          GenerateMojo after)
      throws Exception {
    // Given an order that imports common/money.proto, found only in an import directory
    String money =
        "syntax = \"proto3\";\npackage common;\nmessage Money {\n  int64 cents = 1;\n}\n";
    write("imports-a/common/money.proto", money);
    // (the fingerprint hashes what the import directories hold, not where they are: an identical
    // copy elsewhere would rightly count as unchanged)
    write("imports-b/common/money.proto", money.replace("}", "  string currency = 2;\n}"));
    write(
        "src/main/proto/shop/order.proto",
        HEADER
            + "import \"common/money.proto\";\n"
            + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n"
            + "  common.Money total = 2;\n}\n");

    // Then the import resolves, nothing is generated for the imported file, and pointing at
    // another import directory (holding another money.proto) regenerates
    changingOneParameterRegenerates(before, after);
    assertTrue(Files.isRegularFile(events("OrderPublisher.java")));
    assertFalse(
        Files.exists(basedir.resolve("target/generated-sources/protobuf/common")),
        "message classes generated for an import-only file");
  }

  @Test
  void importedFileChangeRegenerates(
      @InjectMojo(goal = "generate")
          @MojoParameter(name = "importDirectories", value = "${project.basedir}/imports")
          GenerateMojo mojo)
      throws Exception {
    write(
        "imports/common/money.proto", "syntax = \"proto3\";\npackage common;\nmessage Money {}\n");
    write(
        "src/main/proto/shop/order.proto",
        HEADER
            + "import \"common/money.proto\";\n"
            + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n"
            + "  common.Money total = 2;\n}\n");
    assertTrue(generated(run(mojo)));
    assertTrue(upToDate(run(mojo)));
    write(
        "imports/common/money.proto",
        "syntax = \"proto3\";\npackage common;\nmessage Money {\n  int64 cents = 1;\n}\n");
    assertTrue(generated(run(mojo)), "a changed import did not regenerate");
  }

  @Test
  void protocVersion(
      @InjectMojo(goal = "generate") GenerateMojo before,
      @InjectMojo(goal = "generate") @MojoParameter(name = "protocVersion", value = OTHER_PROTOC)
          GenerateMojo after)
      throws Exception {
    changingOneParameterRegenerates(before, after);
    try (Stream<Path> protocs = Files.list(basedir.resolve("target/protoevents/protoc"))) {
      assertTrue(
          protocs.anyMatch(
              p -> p.getFileName().toString().startsWith("protoc-" + OTHER_PROTOC + "-")),
          "protoc " + OTHER_PROTOC + " was not resolved");
    }
  }

  @Test
  void protocVersionThatDoesNotExistFailsNamingTheArtifact(
      @InjectMojo(goal = "generate") @MojoParameter(name = "protocVersion", value = "0.0.0-missing")
          GenerateMojo mojo) {
    MojoExecutionException failure = assertThrows(MojoExecutionException.class, () -> run(mojo));
    assertTrue(
        failure.getMessage().contains("com.google.protobuf:protoc:exe:")
            && failure.getMessage().contains("0.0.0-missing"),
        failure::getMessage);
    assertFalse(Files.exists(events("OrderPublisher.java")));
  }

  @Test
  void skip(
      @InjectMojo(goal = "generate") @MojoParameter(name = "skip", value = "true")
          GenerateMojo mojo)
      throws Exception {
    List<String> compileRoots = List.copyOf(project.getCompileSourceRoots());
    List<String> log = run(mojo);
    assertEquals(List.of("protoevents: skipped (protoevents.skip=true)"), log);
    assertFalse(Files.exists(basedir.resolve("target")), "skip wrote something");
    assertEquals(compileRoots, project.getCompileSourceRoots());
  }
}
