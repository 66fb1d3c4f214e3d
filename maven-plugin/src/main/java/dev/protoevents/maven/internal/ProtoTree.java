package dev.protoevents.maven.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A directory of files that protoevents owns entirely and keeps equal to a given content: the
 * .proto files extracted from the dependencies ({@code target/protoevents/dependency-protos}) and
 * the files packed into the module's jar. Files whose content is already right are not touched (so
 * mtimes, and the up-to-date checks of later plugins, stay as they are); files no longer wanted are
 * deleted.
 */
public final class ProtoTree {
  private ProtoTree() {}

  /**
   * The .proto files of the dependency {@code artifacts} (jars, or the output directories of
   * reactor modules), by path, the first artifact winning when two ship the same path.
   */
  public static Map<String, byte[]> protosOf(List<Path> artifacts) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (Path artifact : artifacts) {
      if (Files.isDirectory(artifact)) {
        for (Map.Entry<String, byte[]> file : filesBelow(artifact, ".proto").entrySet()) {
          files.putIfAbsent(file.getKey(), file.getValue());
        }
      } else if (Files.isRegularFile(artifact) && artifact.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(artifact.toFile())) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!entry.isDirectory()
                && name.endsWith(".proto")
                && !name.startsWith("META-INF/")
                && !name.contains("..")
                && !files.containsKey(name)) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(name, in.readAllBytes());
              }
            }
          }
        }
      }
    }
    return files;
  }

  /** The files below {@code root} whose names end in {@code suffix}, by '/'-separated path. */
  public static Map<String, byte[]> filesBelow(Path root, String suffix) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file :
          walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /**
   * Makes {@code directory} hold exactly {@code files}: writes those whose content differs
   * (atomically), deletes every other file and empty directories.
   *
   * @return the number of files written or deleted
   */
  public static int sync(Path directory, Map<String, byte[]> files) throws IOException {
    int changed = 0;
    Files.createDirectories(directory);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = directory.resolve(file.getKey());
      if (Files.isRegularFile(target)
          && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      Files.write(temporary, file.getValue());
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed++;
    }
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                String relative = directory.relativize(p).toString().replace('\\', '/');
                if (!p.equals(directory) && !files.containsKey(relative)) {
                  stale.add(p);
                }
              });
    }
    for (Path path : stale) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          if (children.findAny().isEmpty()) {
            Files.delete(path);
          }
        }
      } else {
        Files.delete(path);
        changed++;
      }
    }
    return changed;
  }
}
