package dev.protoevents.maven;

import dev.protoevents.generator.BuildRequest;
import dev.protoevents.maven.internal.PluginBuildInfo;
import dev.protoevents.maven.internal.ProtocResolver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * The parameters and setup the goals share: where the .proto files are, their imports, the topic
 * namespace and resources, which protoc runs, and this execution's directory under {@code
 * target/protoevents}.
 */
abstract class AbstractProtoeventsMojo extends AbstractMojo {

  /** Directory holding the .proto files to generate from; subdirectories are proto packages. */
  @Parameter(
      property = "protoevents.sourceDirectory",
      defaultValue = "${project.basedir}/src/main/proto",
      required = true)
  protected File sourceDirectory;

  /**
   * Further directories searched for imports only; nothing is generated for the files in them.
   * protoevents' own {@code protoevents/options.proto} and protobuf's well-known types are always
   * available. Default: none.
   */
  @Parameter(property = "protoevents.importDirectories")
  protected List<File> importDirectories;

  /** Topic namespace: a resource {@code Order} lives on {@code <namespace>.order.resource}. */
  @Parameter(property = "protoevents.namespace", defaultValue = BuildRequest.DEFAULT_NAMESPACE)
  protected String namespace;

  /**
   * Messages (full names like {@code shop.Order} or simple names like {@code Order}) to treat as
   * resources although they carry no {@code (protoevents.resource)} option. On the command line,
   * comma-separated: {@code -Dprotoevents.resources=Order,Customer}. Default: none.
   */
  @Parameter(property = "protoevents.resources")
  protected List<String> resources;

  /**
   * Version of {@code com.google.protobuf:protoc} to run. Default: the protobuf version this plugin
   * was built with, which matches the protobuf-java of protoevents-runtime.
   */
  @Parameter(property = "protoevents.protocVersion")
  protected String protocVersion;

  /** The module being built: its directories, source roots and repositories (set by Maven). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** The running build, whose repository session resolves protoc and artifacts (set by Maven). */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** This execution: its id keys its directory, so two executions never share state. */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  protected MojoExecution mojoExecution;

  /** Maven's repository system, which resolves protoc and other artifacts. */
  protected final RepositorySystem repositorySystem;

  AbstractProtoeventsMojo(RepositorySystem repositorySystem) {
    this.repositorySystem = repositorySystem;
  }

  /** {@link #resources}, empty when not configured. */
  protected final List<String> resourceList() {
    return resources == null ? List.of() : resources;
  }

  /** {@link #protocVersion}, trimmed, or the plugin's protobuf version when not configured. */
  protected final String protocVersionOrDefault() throws IOException {
    return protocVersion == null || protocVersion.isBlank()
        ? PluginBuildInfo.load().protobufVersion()
        : protocVersion.trim();
  }

  /** Resolves protoc {@code version} and unpacks it into {@code directory}. */
  protected final Path protoc(String version, Path directory) throws MojoExecutionException {
    return new ProtocResolver(
            repositorySystem,
            session.getRepositorySession(),
            project.getRemoteProjectRepositories())
        .resolve(version, directory);
  }

  /** {@link #importDirectories} resolved against the project's base directory. */
  protected final List<Path> configuredImportPaths() {
    if (importDirectories == null) {
      return List.of();
    }
    Path basedir = project.getBasedir().toPath();
    return importDirectories.stream().map(dir -> basedir.resolve(dir.toPath())).toList();
  }

  /**
   * {@code target/protoevents/<prefix><execution id>}: this execution's own directory, the id made
   * safe as a file name ({@code default} when there is none).
   */
  protected final Path executionDirectory(String prefix) {
    String id = mojoExecution == null ? "default" : mojoExecution.getExecutionId();
    String safe = id == null || id.isBlank() ? "default" : id.replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(project.getBuild().getDirectory(), "protoevents", prefix + safe);
  }
}
