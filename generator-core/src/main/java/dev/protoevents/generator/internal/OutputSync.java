package dev.protoevents.generator.internal;

import dev.protoevents.generator.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Brings one output directory up to date with a finished, staged tree, file by file, touching only
 * files protoevents wrote there before. A manifest (kept outside the output directory) lists those
 * files; a file whose content did not change is left alone (its mtime too), a changed one is
 * replaced atomically, one protoevents wrote before but no longer generates is deleted, and every
 * other file in the directory is never read, written or deleted.
 *
 * <pre>{@code
 * OutputSync sync = OutputSync.plan(stagedDir, outputDir, stateDir.resolve("events.manifest"));
 * List<Diagnostic> conflicts = sync.conflicts(); // files in the way that protoevents did not write
 * if (conflicts.isEmpty()) {
 *   OutputSync.Changes changes = sync.apply();
 * }
 * }</pre>
 */
public final class OutputSync {
  /** First line of a manifest file; a file with another first line is treated as absent. */
  public static final String FORMAT = "protoevents-manifest-v1";

  private static final String DIRECTORY = "directory ";

  /**
   * What {@link #apply()} did.
   *
   * @param written files created or replaced because their content changed
   * @param unchanged files left as they were because their content was already right
   * @param deleted files protoevents wrote before and no longer generates
   */
  public record Changes(List<String> written, List<String> unchanged, List<String> deleted) {
    /** Copies the lists. */
    public Changes {
      written = List.copyOf(written);
      unchanged = List.copyOf(unchanged);
      deleted = List.copyOf(deleted);
    }
  }

  private final Path staged;
  private final Path target;
  private final Path manifestFile;
  private final SortedSet<String> previous;
  private final List<String> generated;
  private final List<String> write = new ArrayList<>();
  private final List<String> unchanged = new ArrayList<>();
  private final List<String> delete = new ArrayList<>();
  private final List<Diagnostic> conflicts = new ArrayList<>();

  private OutputSync(Path staged, Path target, Path manifestFile, SortedSet<String> previous)
      throws IOException {
    this.staged = staged;
    this.target = target;
    this.manifestFile = manifestFile;
    this.previous = previous;
    this.generated = FileTrees.list(staged, "");
  }

  /**
   * Compares the staged tree with {@code target} and the manifest of what protoevents wrote there,
   * without changing anything.
   *
   * @param staged the finished tree; may be missing (then every previously written file goes)
   * @param target the output directory the user configured
   * @param manifestFile where the list of files written to {@code target} is kept
   */
  public static OutputSync plan(Path staged, Path target, Path manifestFile) throws IOException {
    Path absoluteTarget = target.toAbsolutePath().normalize();
    OutputSync sync =
        new OutputSync(staged, absoluteTarget, manifestFile, read(manifestFile, absoluteTarget));
    sync.compare();
    return sync;
  }

  /**
   * The files protoevents wrote to {@code target} according to {@code manifestFile}; empty if there
   * is no manifest, it has another format, or it was written for another directory.
   */
  public static SortedSet<String> read(Path manifestFile, Path target) throws IOException {
    SortedSet<String> files = new TreeSet<>();
    if (!Files.isRegularFile(manifestFile)) {
      return files;
    }
    List<String> lines = Files.readAllLines(manifestFile, StandardCharsets.UTF_8);
    String directory = DIRECTORY + target.toAbsolutePath().normalize();
    if (lines.size() < 2 || !lines.get(0).equals(FORMAT) || !lines.get(1).equals(directory)) {
      return files;
    }
    for (String line : lines.subList(2, lines.size())) {
      if (!line.isEmpty() && isSafeRelative(line)) {
        files.add(line);
      }
    }
    return files;
  }

  private void compare() throws IOException {
    for (String file : generated) {
      Path existing = target.resolve(file);
      if (!Files.exists(existing)) {
        write.add(file);
      } else if (!Files.isRegularFile(existing)) {
        conflicts.add(conflict(existing, "is a directory or special file"));
      } else if (Arrays.equals(
          Files.readAllBytes(existing), Files.readAllBytes(staged.resolve(file)))) {
        unchanged.add(file); // already right, whoever wrote it: leave it (and its mtime) alone
      } else if (previous.contains(file)) {
        write.add(file);
      } else {
        conflicts.add(conflict(existing, "exists, but protoevents did not write it"));
      }
    }
    TreeSet<String> now = new TreeSet<>(generated);
    for (String file : previous) {
      if (!now.contains(file) && Files.isRegularFile(target.resolve(file))) {
        delete.add(file);
      }
    }
  }

  private Diagnostic conflict(Path existing, String why) {
    return new Diagnostic(
        "output-file-not-owned",
        existing.toString(),
        0,
        0,
        "",
        "protoevents would write this file, but it " + why + "; it is left untouched.",
        "move or delete the file, or point outputDirectory/messagesOutputDirectory at a directory"
            + " only protoevents writes to (the default under target/ is); if an older protoevents"
            + " version wrote it, run 'mvn clean' once.");
  }

  /** Files in the way that protoevents did not write; {@link #apply()} must not run if any. */
  public List<Diagnostic> conflicts() {
    return List.copyOf(conflicts);
  }

  /**
   * Updates the output directory and then the manifest. The manifest first grows to cover both the
   * old and the new files, so that a run interrupted half-way still knows every file it may have
   * left behind.
   *
   * @throws IllegalStateException if there are {@link #conflicts()}
   */
  public Changes apply() throws IOException {
    if (!conflicts.isEmpty()) {
      throw new IllegalStateException("output conflicts: " + conflicts);
    }
    if (Files.isDirectory(staged)) {
      Files.createDirectories(target); // a source root, even when nothing is generated into it
    }
    TreeSet<String> both = new TreeSet<>(previous);
    both.addAll(generated);
    if (!write.isEmpty() || !delete.isEmpty()) {
      writeManifest(both);
    }
    for (String file : write) {
      Path destination = target.resolve(file);
      Files.createDirectories(destination.getParent());
      Path temp = destination.resolveSibling("." + destination.getFileName() + ".protoevents-tmp");
      Files.copy(staged.resolve(file), temp, StandardCopyOption.REPLACE_EXISTING);
      move(temp, destination);
    }
    for (String file : delete) {
      Path gone = target.resolve(file);
      Files.deleteIfExists(gone);
      pruneEmptyParents(gone.getParent());
    }
    writeManifest(new TreeSet<>(generated));
    return new Changes(write, unchanged, delete);
  }

  /** The directory {@code manifestFile} was written for, if it is a manifest of this format. */
  public static Optional<Path> recordedDirectory(Path manifestFile) throws IOException {
    if (!Files.isRegularFile(manifestFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(manifestFile, StandardCharsets.UTF_8);
    if (lines.size() < 2 || !lines.get(0).equals(FORMAT) || !lines.get(1).startsWith(DIRECTORY)) {
      return Optional.empty();
    }
    return Optional.of(Path.of(lines.get(1).substring(DIRECTORY.length())));
  }

  /**
   * Deletes the files {@code manifestFile} lists from the directory it was written for, and the
   * manifest: for an output that is switched off or moved elsewhere. Does nothing without a
   * manifest.
   */
  public static Changes removeAll(Path manifestFile) throws IOException {
    Optional<Path> directory = recordedDirectory(manifestFile);
    if (directory.isEmpty()) {
      Files.deleteIfExists(manifestFile);
      return new Changes(List.of(), List.of(), List.of());
    }
    Path nothing = manifestFile.resolveSibling(manifestFile.getFileName() + ".nothing");
    Changes changes = plan(nothing, directory.get(), manifestFile).apply();
    Files.deleteIfExists(manifestFile);
    return changes;
  }

  private void pruneEmptyParents(Path directory) throws IOException {
    for (Path dir = directory;
        dir != null && dir.startsWith(target) && !dir.equals(target);
        dir = dir.getParent()) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      Files.delete(dir);
    }
  }

  private void writeManifest(SortedSet<String> files) throws IOException {
    StringBuilder text = new StringBuilder(FORMAT).append('\n');
    text.append(DIRECTORY).append(target).append('\n');
    files.forEach(f -> text.append(f).append('\n'));
    Files.createDirectories(manifestFile.toAbsolutePath().getParent());
    Path temp = manifestFile.resolveSibling(manifestFile.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    move(temp, manifestFile);
  }

  private static boolean isSafeRelative(String path) {
    Path p = Path.of(path);
    return !p.isAbsolute() && p.normalize().equals(p) && !path.startsWith("..");
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The output directory this sync writes to, absolute. */
  public Path target() {
    return target;
  }
}
