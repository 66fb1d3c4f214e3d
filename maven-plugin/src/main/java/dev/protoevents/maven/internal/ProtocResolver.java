package dev.protoevents.maven.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Fetches the protoc executable for this machine ({@code com.google.protobuf:protoc:<version>:exe:
 * <os>-<arch>}) through Maven's own resolver, so mirrors, proxies and offline mode apply, and puts
 * an executable copy into the work directory.
 *
 * <pre>{@code
 * Path protoc = new ProtocResolver(repositorySystem, session.getRepositorySession(),
 *     project.getRemoteProjectRepositories()).resolve("4.36.1", workDirectory.resolve("protoc"));
 * }</pre>
 */
public final class ProtocResolver {
  /** The classifiers protoc is published with on Maven Central. */
  public static final List<String> SUPPORTED_CLASSIFIERS =
      List.of("linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "windows-x86_64");

  private final ArtifactRepositories repositories;

  /** A resolver that uses the build's repository session and the project's remote repositories. */
  public ProtocResolver(
      RepositorySystem repositorySystem,
      RepositorySystemSession session,
      List<RemoteRepository> repositories) {
    this.repositories = new ArtifactRepositories(repositorySystem, session, repositories);
  }

  /**
   * Resolves protoc {@code version} for the running machine and returns an executable copy in
   * {@code directory}, named {@code protoc-<version>-<classifier>.exe}.
   *
   * @throws MojoExecutionException if there is no protoc for this machine, it cannot be resolved
   *     (the message names the coordinates and the repositories tried) or cannot be copied
   */
  public Path resolve(String version, Path directory) throws MojoExecutionException {
    String classifier =
        classifierFor(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    Artifact artifact =
        new DefaultArtifact("com.google.protobuf", "protoc", classifier, "exe", version);
    Path resolved;
    try {
      resolved = repositories.file(artifact);
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException(
          "Cannot resolve protoc "
              + artifact
              + " from "
              + describe(repositories.remotes())
              + (repositories.session().isOffline() ? " (Maven is offline)" : "")
              + ". Check protoevents.protocVersion and the repository settings. Cause: "
              + e.getMessage(),
          e);
    }
    Path target = directory.resolve("protoc-" + version + "-" + classifier + ".exe");
    try {
      return installExecutable(resolved, target);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot copy protoc " + resolved + " to " + target, e);
    }
  }

  /**
   * The protoc classifier for the given {@code os.name} and {@code os.arch}, e.g. {@code
   * linux-x86_64}.
   *
   * @throws MojoExecutionException if protoc is not published for that platform
   */
  public static String classifierFor(String osName, String osArch) throws MojoExecutionException {
    String name = osName.toLowerCase(Locale.ROOT);
    String os;
    if (name.startsWith("linux")) {
      os = "linux";
    } else if (name.startsWith("mac") || name.startsWith("darwin")) {
      os = "osx";
    } else if (name.startsWith("windows")) {
      os = "windows";
    } else {
      os = null;
    }
    String arch =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64", "x64", "x86-64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default -> null;
        };
    if ("windows".equals(os) && "aarch_64".equals(arch)) {
      // No Windows ARM build is published; Windows on ARM runs the x86_64 one under emulation.
      arch = "x86_64";
    }
    String classifier = os + "-" + arch;
    if (os == null || arch == null || !SUPPORTED_CLASSIFIERS.contains(classifier)) {
      throw new MojoExecutionException(
          "protoc is not published for this platform (os.name="
              + osName
              + ", os.arch="
              + osArch
              + "); com.google.protobuf:protoc exists for "
              + String.join(", ", SUPPORTED_CLASSIFIERS));
    }
    return classifier;
  }

  /**
   * Copies {@code source} to {@code target} unless a file of the same size is already there, and
   * makes the copy executable (a file copied from the local repository is not).
   */
  static Path installExecutable(Path source, Path target) throws IOException {
    if (!Files.isRegularFile(target) || Files.size(target) != Files.size(source)) {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path temp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.isExecutable(target) && !target.toFile().setExecutable(true, false)) {
      throw new IOException("cannot make " + target + " executable");
    }
    return target;
  }

  private static String describe(List<RemoteRepository> repositories) {
    if (repositories.isEmpty()) {
      return "no remote repositories (only the local repository)";
    }
    return repositories.stream()
        .map(repository -> repository.getId() + " (" + repository.getUrl() + ")")
        .collect(Collectors.joining(", "));
  }
}
