package dev.protoevents.maven.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.version.Version;

/**
 * Finds the jar of the release a module is compared with, through Maven's resolver (so the
 * project's repositories, mirrors and offline mode apply): a given version, or by default the
 * newest release below the project's version.
 *
 * <pre>{@code
 * Optional<BaselineResolver.Found> jar = resolver.resolve("com.example:orders", "1.1.0-SNAPSHOT");
 * }</pre>
 */
public final class BaselineResolver {
  /** A resolved baseline: its coordinates ({@code g:a:v}) and its jar. */
  public record Found(String coordinates, Path jar) {}

  private final RepositorySystem repositorySystem;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;

  /** A resolver that uses the build's repository session and the project's remote repositories. */
  public BaselineResolver(
      RepositorySystem repositorySystem,
      RepositorySystemSession session,
      List<RemoteRepository> repositories) {
    this.repositorySystem = Objects.requireNonNull(repositorySystem, "repositorySystem");
    this.session = Objects.requireNonNull(session, "session");
    this.repositories = List.copyOf(repositories);
  }

  /**
   * The baseline jar for {@code coordinates}: {@code groupId:artifactId:version}, or {@code
   * groupId:artifactId} for the newest release (no SNAPSHOT) below {@code projectVersion}; empty if
   * there is no such release.
   *
   * @throws MojoExecutionException if the coordinates are malformed, or the jar of the version
   *     given or found cannot be resolved
   */
  public Optional<Found> resolve(String coordinates, String projectVersion)
      throws MojoExecutionException {
    String[] parts = coordinates.trim().split(":");
    if (parts.length < 2 || parts.length > 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
      throw new MojoExecutionException(
          "baselineArtifact '"
              + coordinates
              + "' is not groupId:artifactId or groupId:artifactId:version");
    }
    String version;
    if (parts.length == 3) {
      version = parts[2];
    } else {
      Optional<String> newest = newestReleaseBelow(parts[0], parts[1], projectVersion);
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      version = newest.get();
    }
    Artifact artifact = new DefaultArtifact(parts[0], parts[1], "jar", version);
    try {
      Path jar =
          repositorySystem
              .resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
              .getArtifact()
              .getFile()
              .toPath();
      return Optional.of(new Found(parts[0] + ":" + parts[1] + ":" + version, jar));
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException(
          "Cannot resolve the baseline "
              + artifact
              + (parts.length == 2 ? " (the newest release below " + projectVersion + ")" : "")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The newest version of {@code groupId:artifactId} below {@code below} that is a release. */
  Optional<String> newestReleaseBelow(String groupId, String artifactId, String below)
      throws MojoExecutionException {
    Artifact range = new DefaultArtifact(groupId, artifactId, "jar", "(," + below + ")");
    VersionRangeResult result;
    try {
      result =
          repositorySystem.resolveVersionRange(
              session, new VersionRangeRequest(range, repositories, null));
    } catch (VersionRangeResolutionException e) {
      throw new MojoExecutionException(
          "Cannot list the versions of " + groupId + ":" + artifactId + ": " + e.getMessage(), e);
    }
    List<Version> versions = result.getVersions(); // ascending
    for (int i = versions.size() - 1; i >= 0; i--) {
      String candidate = versions.get(i).toString();
      if (!candidate.endsWith("-SNAPSHOT")) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
