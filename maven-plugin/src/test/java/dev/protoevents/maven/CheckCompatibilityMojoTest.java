package dev.protoevents.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.generator.evolution.Schema;
import dev.protoevents.maven.internal.ProtocResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link CheckCompatibilityMojo}, configured by Maven from the plugin descriptor, on a
 * throw-away project {@code dev.protoevents.test:evolution-test:1.1.0-SNAPSHOT} with the real
 * protoc. Its baseline is either a descriptor set file or a release of the same artifact that this
 * test puts into the test local repository ({@code target/local-repo}): versions 0.9.0, 1.0.0,
 * 1.0.1-SNAPSHOT and 2.0.0 are listed, only 1.0.0 (the newest release below the project's version)
 * has a jar, so resolving any other one would fail the test.
 */
@MojoTest(realRepositorySession = true)
class CheckCompatibilityMojoTest {
  private static final String GROUP = "dev.protoevents.test";
  private static final String ARTIFACT = "evolution-test";
  private static final String V1 =
      """
      syntax = "proto3";
      package shop;
      import "protoevents/options.proto";
      option java_multiple_files = true;
      message Order {
        option (protoevents.resource) = {};
        string id = 1;
        string customer_id = 2;
      }
      """;
  private static final String REMOVED = V1.replace("  string customer_id = 2;\n", "");
  private static final String COMPATIBLE =
      V1.replace("string customer_id = 2;", "string customer_id = 2;\n  string coupon = 3;");

  @TempDir Path basedir;
  @TempDir static Path scratch;

  private final List<String> info = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  @Provides
  MavenProject project() {
    MavenProject project = new MavenProject();
    project.setGroupId(GROUP);
    project.setArtifactId(ARTIFACT);
    project.setVersion("1.1.0-SNAPSHOT");
    project.setFile(basedir.resolve("pom.xml").toFile());
    Build build = new Build();
    build.setDirectory(basedir.resolve("target").toString());
    project.setBuild(build);
    project.setRemoteArtifactRepositories(List.of()); // the test local repository only
    return project;
  }

  private static Path protoc() {
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(Files.isRegularFile(protoc), "run through Maven: no protoc at " + protoc);
    protoc.toFile().setExecutable(true);
    return protoc;
  }

  /** protoc as the plugin's default version, and release 1.0.0 of the project with V1. */
  @BeforeAll
  static void fillLocalRepository() throws Exception {
    String classifier =
        ProtocResolver.classifierFor(System.getProperty("os.name"), System.getProperty("os.arch"));
    String version = System.getProperty("protoevents.test.protobufVersion");
    Path protocTarget =
        Path.of(
            "target/local-repo/com/google/protobuf/protoc",
            version,
            "protoc-" + version + "-" + classifier + ".exe");
    Files.createDirectories(protocTarget.getParent());
    Files.copy(protoc(), protocTarget, StandardCopyOption.REPLACE_EXISTING);

    Path artifactDir = Path.of("target/local-repo", GROUP.replace('.', '/'), ARTIFACT);
    Files.createDirectories(artifactDir.resolve("1.0.0"));
    Files.writeString(
        artifactDir.resolve("maven-metadata-local.xml"),
        "<metadata><groupId>"
            + GROUP
            + "</groupId><artifactId>"
            + ARTIFACT
            + "</artifactId><versioning><versions><version>0.9.0</version>"
            + "<version>1.0.0</version><version>1.0.1-SNAPSHOT</version>"
            + "<version>2.0.0</version></versions></versioning></metadata>");
    Schema v1 = compile("baseline", V1);
    Path descriptors = scratch.resolve("v1.pb");
    v1.writeTo(descriptors);
    try (OutputStream file =
            Files.newOutputStream(artifactDir.resolve("1.0.0/" + ARTIFACT + "-1.0.0.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry(Schema.JAR_ENTRY));
      jar.write(Files.readAllBytes(descriptors));
      jar.closeEntry();
      jar.putNextEntry(new JarEntry("shop/order.proto"));
      jar.write(V1.getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  private static Schema compile(String name, String proto) throws Exception {
    Path src = scratch.resolve(name).resolve("proto");
    Files.createDirectories(src.resolve("shop"));
    Files.writeString(src.resolve("shop/order.proto"), proto);
    return Schema.compile(protoc(), src, List.of(), scratch.resolve(name).resolve("work"));
  }

  @BeforeEach
  void writeSources() throws IOException {
    write(REMOVED);
  }

  private void write(String proto) throws IOException {
    Path file = basedir.resolve("src/main/proto/shop/order.proto");
    Files.createDirectories(file.getParent());
    Files.writeString(file, proto);
  }

  private void run(CheckCompatibilityMojo mojo) throws Exception {
    mojo.setLog(
        new SystemStreamLog() {
          @Override
          public void info(CharSequence content) {
            info.add(content.toString());
            super.info(content);
          }

          @Override
          public void warn(CharSequence content) {
            warnings.add(content.toString());
            super.warn(content);
          }

          @Override
          public void error(CharSequence content) {
            errors.add(content.toString());
            super.error(content);
          }
        });
    mojo.execute();
  }

  @Test
  void newestReleaseBelowTheProjectVersionIsTheBaselineAndABreakingChangeFails(
      @InjectMojo(goal = "check-compatibility") CheckCompatibilityMojo mojo) {
    // Given src/main/proto without a field that release 1.0.0 had; When the goal runs with its
    // defaults, Then it compares with 1.0.0 and fails, naming the change with its tag
    MojoFailureException failure = assertThrows(MojoFailureException.class, () -> run(mojo));
    String coordinates = GROUP + ":" + ARTIFACT + ":1.0.0";
    assertTrue(
        info.contains("protoevents: checking compatibility of events with " + coordinates),
        info::toString);
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(
        errors
            .get(0)
            .startsWith(
                coordinates
                    + "!/shop/order.proto:8:3: [protoevents:field-removed] field"
                    + " shop.Order.customer_id: "),
        errors::toString);
    assertTrue(failure.getMessage().contains(errors.get(0)), failure::getMessage);
  }

  @Test
  void compatibleChangePassesWithAnInfoLine(
      @InjectMojo(goal = "check-compatibility") CheckCompatibilityMojo mojo) throws Exception {
    write(COMPATIBLE);
    run(mojo);
    assertEquals(List.of(), errors);
    assertEquals(List.of(), warnings);
    assertTrue(
        info.stream().anyMatch(l -> l.startsWith("protoevents: no breaking change to events in 1")),
        info::toString);
  }

  @Test
  void failOnBreakingChangeFalseWarnsAndGoesOn(
      @InjectMojo(goal = "check-compatibility")
          @MojoParameter(name = "failOnBreakingChange", value = "false")
          CheckCompatibilityMojo mojo)
      throws Exception {
    run(mojo);
    assertEquals(List.of(), errors);
    assertEquals(2, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("[protoevents:field-removed]"), warnings::toString);
    assertTrue(warnings.get(1).contains("failOnBreakingChange=false"), warnings::toString);
  }

  @Test
  void baselineDescriptorSetReplacesTheArtifact(
      @InjectMojo(goal = "check-compatibility")
          @MojoParameter(name = "baselineDescriptorSet", value = "${project.basedir}/old.pb")
          @MojoParameter(name = "baselineArtifact", value = "no.such:artifact")
          CheckCompatibilityMojo mojo)
      throws Exception {
    // Given a descriptor set of the compatible version as the baseline (and an artifact that does
    // not exist, which must not be looked at)
    compile("file-baseline", COMPATIBLE).writeTo(basedir.resolve("old.pb"));

    // When the goal runs on the version without customer_id and coupon
    assertThrows(MojoFailureException.class, () -> run(mojo));

    // Then both removals are reported against the file
    assertEquals(2, errors.size(), errors::toString);
    assertTrue(
        errors.stream().allMatch(e -> e.startsWith("old.pb!/shop/order.proto:")), errors::toString);
  }

  @Test
  void missingDescriptorSetFileFailsNamingIt(
      @InjectMojo(goal = "check-compatibility")
          @MojoParameter(name = "baselineDescriptorSet", value = "${project.basedir}/missing.pb")
          CheckCompatibilityMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, () -> run(mojo));
    assertTrue(failure.getMessage().contains("missing.pb does not exist"), failure::getMessage);
  }

  @Test
  void noReleaseBelowTheProjectVersionPassesWithAnInfoLine(
      @InjectMojo(goal = "check-compatibility")
          @MojoParameter(name = "baselineArtifact", value = GROUP + ":never-released")
          CheckCompatibilityMojo mojo)
      throws Exception {
    run(mojo);
    assertEquals(List.of(), errors);
    assertEquals(
        List.of(
            "protoevents: no release of "
                + GROUP
                + ":never-released below 1.1.0-SNAPSHOT, nothing to check compatibility against"),
        info);
  }

  @Test
  void baselineArtifactWithAVersionIsThatVersion(
      @InjectMojo(goal = "check-compatibility")
          @MojoParameter(name = "baselineArtifact", value = GROUP + ":" + ARTIFACT + ":1.0.0")
          CheckCompatibilityMojo mojo) {
    assertThrows(MojoFailureException.class, () -> run(mojo));
    assertTrue(errors.get(0).startsWith(GROUP + ":" + ARTIFACT + ":1.0.0!/"), errors::toString);
  }

  @Test
  void skip(
      @InjectMojo(goal = "check-compatibility") @MojoParameter(name = "skip", value = "true")
          CheckCompatibilityMojo mojo)
      throws Exception {
    run(mojo);
    assertEquals(
        List.of("protoevents: compatibility check skipped (protoevents.compatibility.skip)"), info);
    assertTrue(!Files.exists(basedir.resolve("target")), "skip wrote something");
  }
}
