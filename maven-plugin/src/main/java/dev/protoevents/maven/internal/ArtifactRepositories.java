package dev.protoevents.maven.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;

/**
 * Maven's resolver as {@link ProtocResolver} and {@link BaselineResolver} use it: the build's
 * repository session and the project's remote repositories.
 */
record ArtifactRepositories(
    RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> remotes) {

  ArtifactRepositories {
    Objects.requireNonNull(system, "repositorySystem");
    Objects.requireNonNull(session, "session");
    remotes = List.copyOf(remotes);
  }

  /** The local file of {@code artifact}, downloaded first when needed. */
  Path file(Artifact artifact) throws ArtifactResolutionException {
    return system
        .resolveArtifact(session, new ArtifactRequest(artifact, remotes, null))
        .getArtifact()
        .getFile()
        .toPath();
  }

  /** The versions of {@code range} (an artifact whose version is a range), ascending. */
  VersionRangeResult versions(Artifact range) throws VersionRangeResolutionException {
    return system.resolveVersionRange(session, new VersionRangeRequest(range, remotes, null));
  }
}
