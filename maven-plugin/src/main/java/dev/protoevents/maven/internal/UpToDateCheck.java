package dev.protoevents.maven.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the {@link InputFingerprint} of the last successful run in a small versioned file and
 * tells whether a new run is needed, and why.
 *
 * <pre>{@code
 * UpToDateCheck check = new UpToDateCheck(workDirectory.resolve("inputs.sha256"));
 * Optional<String> reason = check.reasonToRegenerate(fingerprint, outputDirectories);
 * // ... generate if reason is present, then:
 * check.remember(fingerprint);
 * }</pre>
 */
public final class UpToDateCheck {
  /** First line of the state file; a file with another first line is ignored. */
  public static final String FORMAT = "protoevents-inputs-v1";

  private final Path stateFile;

  /** A check that keeps its state in {@code stateFile}. */
  public UpToDateCheck(Path stateFile) {
    this.stateFile = stateFile;
  }

  /**
   * Why a new run is needed, or empty when the last successful run had the same inputs and all
   * {@code outputs} (directories and files) still exist.
   */
  public Optional<String> reasonToRegenerate(InputFingerprint current, List<Path> outputs)
      throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return Optional.of("no previous run");
    }
    List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
    if (lines.size() < 2 || !lines.get(0).equals(FORMAT)) {
      return Optional.of("no previous run in this format");
    }
    if (!lines.get(1).equals(current.sha256())) {
      return Optional.of("inputs changed");
    }
    for (Path output : outputs) {
      if (!Files.exists(output)) {
        return Optional.of("output missing: " + output);
      }
    }
    return Optional.empty();
  }

  /** Drops the remembered state, so that a run that fails half-way is never taken as current. */
  public void forget() throws IOException {
    Files.deleteIfExists(stateFile);
  }

  /** Records {@code current} as the inputs of a successful run; replaces the file atomically. */
  public void remember(InputFingerprint current) throws IOException {
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.writeString(temp, FORMAT + "\n" + current.sha256() + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
