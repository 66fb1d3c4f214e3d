package dev.protoevents.maven;

import dev.protoevents.generator.BuildFailedException;
import dev.protoevents.generator.BuildRequest;
import dev.protoevents.generator.Diagnostic;
import dev.protoevents.generator.ProtoeventsBuild;
import dev.protoevents.generator.evolution.CompatibilityCheck;
import dev.protoevents.generator.evolution.Schema;
import dev.protoevents.maven.internal.BaselineResolver;
import dev.protoevents.maven.internal.PluginBuildInfo;
import dev.protoevents.maven.internal.ProtocResolver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Compares the events of the project's .proto files with a baseline, by default the previous
 * release of the same artifact, and fails the build (or warns) on every breaking change: removed or
 * renamed resources, events, fields and enum values, changed topics, keys, event types, field types
 * and cardinality. Each finding is one line with file, line, element, change and a stable tag.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>generate</goal><goal>check-compatibility</goal></goals>
 * </execution>
 * }</pre>
 */
@Mojo(
    name = "check-compatibility",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.NONE,
    threadSafe = true)
public final class CheckCompatibilityMojo extends AbstractMojo {

  /** Directory holding the .proto files to check; the same as the generate goal's. */
  @Parameter(
      property = "protoevents.sourceDirectory",
      defaultValue = "${project.basedir}/src/main/proto",
      required = true)
  private File sourceDirectory;

  /** Further directories searched for imports only. Default: none. */
  @Parameter(property = "protoevents.importDirectories")
  private List<File> importDirectories;

  /** Topic namespace, as configured for the generate goal: topics are compared by full name. */
  @Parameter(property = "protoevents.namespace", defaultValue = BuildRequest.DEFAULT_NAMESPACE)
  private String namespace;

  /** Messages configured as resources without options, as for the generate goal. Default: none. */
  @Parameter(property = "protoevents.resources")
  private List<String> resources;

  /**
   * Version of {@code com.google.protobuf:protoc} to run. Default: the plugin's protobuf version.
   */
  @Parameter(property = "protoevents.protocVersion")
  private String protocVersion;

  /**
   * A descriptor set file to compare with ({@code protoc --descriptor_set_out --include_imports
   * --include_source_info}). When set, {@link #baselineArtifact} is not used. Default: none.
   */
  @Parameter(property = "protoevents.baseline.descriptorSet")
  private File baselineDescriptorSet;

  /**
   * The released artifact to compare with: {@code groupId:artifactId:version}, or {@code
   * groupId:artifactId} for its newest release below the project's version. Its jar's {@code
   * META-INF/protoevents/descriptor-set.pb} is the baseline. No release, or a jar without the file:
   * nothing to compare, the goal passes.
   */
  @Parameter(
      property = "protoevents.baseline.artifact",
      defaultValue = "${project.groupId}:${project.artifactId}")
  private String baselineArtifact;

  /** Whether a breaking change fails the build; {@code false} logs each one as a warning. */
  @Parameter(property = "protoevents.failOnBreakingChange", defaultValue = "true")
  private boolean failOnBreakingChange;

  /** Skips the check. */
  @Parameter(property = "protoevents.compatibility.skip", defaultValue = "false")
  private boolean skip;

  /** The module being checked: its coordinates, directories and repositories (set by Maven). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The running build, whose repository session resolves the baseline (set by Maven). */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** This execution (set by Maven). */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  private MojoExecution mojoExecution;

  private final RepositorySystem repositorySystem;

  /** Created by Maven, which supplies its repository system for protoc and the baseline. */
  @Inject
  public CheckCompatibilityMojo(RepositorySystem repositorySystem) {
    this.repositorySystem = repositorySystem;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("protoevents: compatibility check skipped (protoevents.compatibility.skip)");
      return;
    }
    Path sources = sourceDirectory.toPath();
    try {
      int protoFiles = ProtoeventsBuild.protoFiles(sources).size();
      if (protoFiles == 0) {
        getLog().info("protoevents: no .proto files in " + sources + ", nothing to check");
        return;
      }
      // Compiled first, so that target/protoevents/compatibility-<id>/descriptor-set.pb is there
      // for a first release too (to keep as a later baseline).
      Path work = workDirectory();
      Schema current =
          Schema.compile(protoc(work.getParent().resolve("protoc")), sources, importPaths(), work);
      Optional<Baseline> baseline = baseline();
      if (baseline.isEmpty()) {
        return; // baseline() said why
      }
      List<Diagnostic> breaking =
          new CompatibilityCheck(namespace, resources == null ? List.of() : resources)
              .compare(baseline.get().schema(), current);
      String against = "against " + baseline.get().label();
      if (breaking.isEmpty()) {
        getLog()
            .info(
                "protoevents: no breaking change to events in "
                    + protoFiles
                    + " .proto files "
                    + against);
        return;
      }
      String summary =
          "protoevents found "
              + breaking.size()
              + (breaking.size() == 1 ? " breaking change" : " breaking changes")
              + " to events "
              + against
              + ":\n"
              + breaking.stream().map(d -> "  " + d.format()).collect(Collectors.joining("\n"));
      if (failOnBreakingChange) {
        breaking.forEach(d -> getLog().error(d.format()));
        throw new MojoFailureException(summary);
      }
      breaking.forEach(d -> getLog().warn(d.format()));
      getLog()
          .warn(
              "protoevents: "
                  + breaking.size()
                  + (breaking.size() == 1 ? " breaking change" : " breaking changes")
                  + " to events "
                  + against
                  + " (failOnBreakingChange=false: the build goes on)");
    } catch (BuildFailedException e) {
      e.diagnostics().forEach(d -> getLog().error(d.format()));
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      getLog().error("protoevents: I/O failure: " + e);
      throw new MojoExecutionException("protoevents could not check compatibility: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("protoevents was interrupted while running protoc", e);
    }
  }

  /** The baseline and how findings name it. */
  private record Baseline(Schema schema, String label) {}

  private Optional<Baseline> baseline()
      throws MojoExecutionException, MojoFailureException, IOException {
    if (baselineDescriptorSet != null) {
      Path file = baselineDescriptorSet.toPath();
      if (!Files.isRegularFile(file)) {
        throw new MojoFailureException(
            "baselineDescriptorSet "
                + file
                + " does not exist; give the path of a descriptor set"
                + " file, or leave it out to compare with the previous release.");
      }
      return Optional.of(new Baseline(Schema.readDescriptorSet(file), file.toString()));
    }
    String version = project.getVersion();
    Optional<BaselineResolver.Found> found =
        new BaselineResolver(
                repositorySystem,
                session.getRepositorySession(),
                project.getRemoteProjectRepositories())
            .resolve(baselineArtifact, version);
    if (found.isEmpty()) {
      getLog()
          .info(
              "protoevents: no release of "
                  + baselineArtifact
                  + " below "
                  + version
                  + ", nothing to check compatibility against");
      return Optional.empty();
    }
    String coordinates = found.get().coordinates();
    Optional<Schema> schema = Schema.readJar(found.get().jar(), coordinates);
    if (schema.isEmpty()) {
      getLog()
          .info(
              "protoevents: "
                  + coordinates
                  + " has no "
                  + Schema.JAR_ENTRY
                  + " (built before protoevents packed one), nothing to check compatibility"
                  + " against");
      return Optional.empty();
    }
    getLog().info("protoevents: checking compatibility of events with " + coordinates);
    return Optional.of(new Baseline(schema.get(), coordinates));
  }

  private Path protoc(Path directory) throws MojoExecutionException, IOException {
    String version =
        protocVersion == null || protocVersion.isBlank()
            ? PluginBuildInfo.load().protobufVersion()
            : protocVersion.trim();
    return new ProtocResolver(
            repositorySystem,
            session.getRepositorySession(),
            project.getRemoteProjectRepositories())
        .resolve(version, directory);
  }

  /**
   * {@code target/protoevents/compatibility-<execution id>}: protoc's arguments and the current
   * descriptor set ({@code descriptor-set.pb}, usable as a later baseline).
   */
  private Path workDirectory() {
    String id = mojoExecution == null ? "default" : mojoExecution.getExecutionId();
    String safe = id == null || id.isBlank() ? "default" : id.replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(project.getBuild().getDirectory(), "protoevents", "compatibility-" + safe);
  }

  private List<Path> importPaths() {
    if (importDirectories == null) {
      return List.of();
    }
    Path basedir = project.getBasedir().toPath();
    return importDirectories.stream().map(dir -> basedir.resolve(dir.toPath())).toList();
  }
}
