package dev.protoevents.maven;

import dev.protoevents.generator.BuildFailedException;
import dev.protoevents.generator.BuildRequest;
import dev.protoevents.generator.BuildResult;
import dev.protoevents.generator.Diagnostic;
import dev.protoevents.generator.ProtoeventsBuild;
import dev.protoevents.maven.internal.IdeNotifications;
import dev.protoevents.maven.internal.InputFingerprint;
import dev.protoevents.maven.internal.OutputDirectoryCheck;
import dev.protoevents.maven.internal.PluginBuildInfo;
import dev.protoevents.maven.internal.ProtoTree;
import dev.protoevents.maven.internal.ProtocResolver;
import dev.protoevents.maven.internal.UpToDateCheck;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
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
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Generates the protobuf message classes and the typed Kafka event APIs (event types, topics,
 * publishers, subscribers, views) from the project's .proto files, and adds both to the compile
 * sources. Skips the work when nothing changed since the last successful run.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.protoevents</groupId>
 *   <artifactId>protoevents-maven-plugin</artifactId>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(
    name = "generate",
    defaultPhase = LifecyclePhase.GENERATE_SOURCES,
    requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** Directory holding the .proto files to generate from; subdirectories are proto packages. */
  @Parameter(
      property = "protoevents.sourceDirectory",
      defaultValue = "${project.basedir}/src/main/proto",
      required = true)
  private File sourceDirectory;

  /**
   * Further directories searched for imports only; nothing is generated for the files in them.
   * protoevents' own {@code protoevents/options.proto} and protobuf's well-known types are always
   * available. Default: none.
   */
  @Parameter(property = "protoevents.importDirectories")
  private List<File> importDirectories;

  /**
   * Where the event APIs are written; added to the compile source roots. Only files protoevents
   * wrote here are ever changed or deleted; a directory that is or contains another source root
   * ({@code src/main/java}) or equals {@link #messagesOutputDirectory} is refused.
   */
  @Parameter(
      property = "protoevents.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/protoevents",
      required = true)
  private File outputDirectory;

  /**
   * Where protoc writes the protobuf message classes; added to the compile source roots when {@link
   * #generateMessages} is on.
   */
  @Parameter(
      property = "protoevents.messagesOutputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/protobuf",
      required = true)
  private File messagesOutputDirectory;

  /**
   * Whether protoc's message classes are generated too. Switch off when another protobuf plugin
   * already generates them for the same .proto files.
   */
  @Parameter(property = "protoevents.generateMessages", defaultValue = "true")
  private boolean generateMessages;

  /** Topic namespace: a resource {@code Order} lives on {@code <namespace>.order.resource}. */
  @Parameter(property = "protoevents.namespace", defaultValue = BuildRequest.DEFAULT_NAMESPACE)
  private String namespace;

  /**
   * Messages (full names like {@code shop.Order} or simple names like {@code Order}) to treat as
   * resources although they carry no {@code (protoevents.resource)} option. On the command line,
   * comma-separated: {@code -Dprotoevents.resources=Order,Customer}. Default: none.
   */
  @Parameter(property = "protoevents.resources")
  private List<String> resources;

  /**
   * Version of {@code com.google.protobuf:protoc} to run. Default: the protobuf version this plugin
   * was built with, which matches the protobuf-java of protoevents-runtime.
   */
  @Parameter(property = "protoevents.protocVersion")
  private String protocVersion;

  /**
   * Whether the module's own .proto files (at their import paths, at the jar root) and its
   * descriptor set ({@code META-INF/protoevents/descriptor-set.pb}: a {@code FileDescriptorSet}
   * with source info, imports included) go into its jar, so that other modules and projects can
   * import the files and compare schemas against it. The .proto files of the module's dependencies
   * (jars and reactor modules) are always on protoc's import path.
   */
  @Parameter(property = "protoevents.attachProtos", defaultValue = "true")
  private boolean attachProtos;

  /** Skips the goal: nothing is generated and no source root is added. */
  @Parameter(property = "protoevents.skip", defaultValue = "false")
  private boolean skip;

  /** The module being built: its directories, source roots and repositories (set by Maven). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The running build, whose repository session resolves protoc (set by Maven). */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** This execution: its id keys the state directory, so two executions never share state. */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  private MojoExecution mojoExecution;

  private final RepositorySystem repositorySystem;
  private final IdeNotifications ide;

  /**
   * Created by Maven, which supplies its repository system for resolving protoc and the build
   * context (Eclipse m2e's in the IDE, a default on the command line).
   */
  @Inject
  public GenerateMojo(RepositorySystem repositorySystem, BuildContext buildContext) {
    this.repositorySystem = repositorySystem;
    this.ide = new IdeNotifications(buildContext);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("protoevents: skipped (protoevents.skip=true)");
      return;
    }
    Path sources = sourceDirectory.toPath();
    Path workDirectory = stateDirectory();
    try {
      List<String> unsafe =
          OutputDirectoryCheck.problems(
              outputDirectory.toPath(),
              generateMessages ? Optional.of(messagesOutputDirectory.toPath()) : Optional.empty(),
              projectSources(),
              registeredSourceRoots());
      if (!unsafe.isEmpty()) {
        unsafe.forEach(getLog()::error);
        throw new MojoFailureException(String.join(System.lineSeparator(), unsafe));
      }
      UpToDateCheck upToDate = new UpToDateCheck(workDirectory.resolve("inputs.sha256"));
      int protoFiles = ProtoeventsBuild.protoFiles(sources).size();
      if (protoFiles == 0) {
        upToDate.forget();
        int deleted = ProtoeventsBuild.removeOutputs(workDirectory);
        getLog()
            .info(
                "protoevents: no .proto files in "
                    + sources
                    + ", nothing to generate"
                    + (deleted > 0 ? " (deleted " + deleted + " files generated before)" : ""));
        return;
      }
      dependencyProtos();
      PluginBuildInfo buildInfo = PluginBuildInfo.load();
      String protoc = blankToNull(protocVersion).orElse(buildInfo.protobufVersion());
      InputFingerprint fingerprint = fingerprint(buildInfo, protoc);

      List<Path> outputs = outputDirectories();
      outputs.addAll(ProtoeventsBuild.outputFiles(workDirectory));
      Optional<String> reason = upToDate.reasonToRegenerate(fingerprint, outputs);
      if (reason.isEmpty()) {
        getLog()
            .info(
                "protoevents: generated sources are up to date (" + protoFiles + " .proto files)");
      } else {
        getLog()
            .info(
                "protoevents: generating sources from "
                    + protoFiles
                    + " .proto files ("
                    + reason.get()
                    + ")");
        upToDate.forget();
        ide.clearMessages(sources);
        BuildResult result = new ProtoeventsBuild().run(request(protoc, workDirectory));
        upToDate.remember(fingerprint);
        ide.changed(result.changedFiles());
        getLog()
            .info(
                "protoevents: generated "
                    + result.eventFiles().size()
                    + " event API sources in "
                    + outputDirectory
                    + (generateMessages
                        ? " and "
                            + result.messageFileCount()
                            + " message sources in "
                            + messagesOutputDirectory
                        : "")
                    + "; "
                    + result.filesWritten()
                    + " files written, "
                    + result.filesUnchanged()
                    + " unchanged, "
                    + result.filesDeleted()
                    + " deleted");
      }
    } catch (BuildFailedException e) {
      for (Diagnostic diagnostic : e.diagnostics()) {
        getLog().error(diagnostic.format());
      }
      ide.problems(e.diagnostics());
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      getLog().error("protoevents: I/O failure: " + e);
      throw new MojoExecutionException("protoevents could not generate sources: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("protoevents was interrupted while running protoc", e);
    } catch (RuntimeException e) {
      getLog().error("protoevents: unexpected failure: " + e);
      throw new MojoExecutionException("protoevents failed unexpectedly: " + e, e);
    }
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    if (generateMessages) {
      project.addCompileSourceRoot(messagesOutputDirectory.getAbsolutePath());
    }
    if (attachProtos) {
      attachProtos(sources, workDirectory);
    }
  }

  /** Where the .proto files of the dependencies are extracted: one directory per module. */
  private Path dependencyProtoDirectory() {
    return Path.of(project.getBuild().getDirectory(), "protoevents", "dependency-protos");
  }

  /**
   * Extracts the .proto files of the compile dependencies (jars, or reactor modules' output
   * directories) to {@link #dependencyProtoDirectory()}, an import root of protoc: a service module
   * imports what an events module ships without copying it.
   */
  private void dependencyProtos() throws IOException {
    List<Path> artifacts = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (artifact.getFile() != null
          && (artifact.getArtifactHandler() == null
              || artifact.getArtifactHandler().isAddedToClasspath())) {
        artifacts.add(artifact.getFile().toPath());
      }
    }
    int changed = ProtoTree.sync(dependencyProtoDirectory(), ProtoTree.protosOf(artifacts));
    if (changed > 0) {
      getLog().debug("protoevents: " + changed + " dependency .proto files changed");
    }
  }

  /**
   * Fills {@code target/protoevents/<execution id>/jar} with the module's own .proto files and its
   * descriptor set, and adds it as a resource directory, so that the jar plugin packs them.
   */
  private void attachProtos(Path sources, Path workDirectory) throws MojoExecutionException {
    Path jarResources = workDirectory.resolve("jar");
    try {
      Map<String, byte[]> files = ProtoTree.filesBelow(sources, ".proto");
      Path descriptorSet = workDirectory.resolve(ProtoeventsBuild.DESCRIPTOR_SET);
      if (!files.isEmpty() && Files.isRegularFile(descriptorSet)) {
        files.put("META-INF/protoevents/descriptor-set.pb", Files.readAllBytes(descriptorSet));
      }
      ProtoTree.sync(jarResources, files);
    } catch (IOException e) {
      throw new MojoExecutionException("protoevents could not pack the .proto files: " + e, e);
    }
    Resource resource = new Resource();
    resource.setDirectory(jarResources.toAbsolutePath().toString());
    project.addResource(resource);
  }

  /**
   * {@code target/protoevents/<execution id>}: the state of this execution alone (fingerprint,
   * manifests of the files it wrote, staging), so that executions never invalidate each other.
   */
  private Path stateDirectory() {
    String id = mojoExecution == null ? "default" : mojoExecution.getExecutionId();
    String safe = id == null || id.isBlank() ? "default" : id.replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(project.getBuild().getDirectory(), "protoevents", safe);
  }

  /** The project's own source directories, which no output directory may be or contain. */
  private List<Path> projectSources() {
    List<Path> roots = new ArrayList<>();
    Path basedir = project.getBasedir().toPath();
    if (project.getBuild().getSourceDirectory() != null) {
      roots.add(basedir.resolve(project.getBuild().getSourceDirectory()));
    }
    if (project.getBuild().getTestSourceDirectory() != null) {
      roots.add(basedir.resolve(project.getBuild().getTestSourceDirectory()));
    }
    roots.add(basedir.resolve(sourceDirectory.toPath()));
    roots.addAll(importPaths());
    return roots;
  }

  /** The compile and test source roots registered so far in this build. */
  private List<Path> registeredSourceRoots() {
    List<Path> roots = new ArrayList<>();
    Path basedir = project.getBasedir().toPath();
    for (List<String> declared :
        Arrays.asList(project.getCompileSourceRoots(), project.getTestCompileSourceRoots())) {
      if (declared != null) {
        declared.forEach(root -> roots.add(basedir.resolve(root)));
      }
    }
    return roots;
  }

  private BuildRequest request(String protoc, Path workDirectory) throws MojoExecutionException {
    // protoc is shared by all executions of the module: it depends only on its version.
    Path protocExecutable =
        new ProtocResolver(
                repositorySystem,
                session.getRepositorySession(),
                project.getRemoteProjectRepositories())
            .resolve(protoc, workDirectory.getParent().resolve("protoc"));
    return new BuildRequest(
        protocExecutable,
        sourceDirectory.toPath(),
        importPaths(),
        generateMessages ? Optional.of(messagesOutputDirectory.toPath()) : Optional.empty(),
        outputDirectory.toPath(),
        workDirectory,
        namespace,
        resources == null ? List.of() : resources);
  }

  private InputFingerprint fingerprint(PluginBuildInfo buildInfo, String protoc)
      throws IOException {
    InputFingerprint.Builder inputs =
        InputFingerprint.builder().protoRoot("source", sourceDirectory.toPath());
    List<Path> imports = importPaths();
    for (int i = 0; i < imports.size(); i++) {
      inputs.protoRoot("import " + i, imports.get(i));
    }
    return inputs
        .setting("plugin", buildInfo.codeIdentity())
        .setting("protoc", protoc)
        .setting("namespace", namespace)
        .setting("resources", resources == null ? List.of() : resources)
        .setting("generateMessages", Boolean.toString(generateMessages))
        .setting("outputDirectory", outputDirectory.getAbsolutePath())
        .setting("messagesOutputDirectory", messagesOutputDirectory.getAbsolutePath())
        .build();
  }

  private List<Path> outputDirectories() {
    List<Path> outputs = new ArrayList<>();
    outputs.add(outputDirectory.toPath());
    if (generateMessages) {
      outputs.add(messagesOutputDirectory.toPath());
    }
    return outputs;
  }

  private List<Path> importPaths() {
    List<Path> paths = new ArrayList<>();
    Path basedir = project.getBasedir().toPath();
    if (importDirectories != null) {
      importDirectories.forEach(dir -> paths.add(basedir.resolve(dir.toPath())));
    }
    paths.add(dependencyProtoDirectory());
    return paths;
  }

  private static Optional<String> blankToNull(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
