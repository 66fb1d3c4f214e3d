package dev.protoevents.generator.internal;

import com.google.protobuf.Any;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the .proto files every build may import on protoc's include path: protobuf's well-known
 * types (from the protobuf-java jar) and {@code protoevents/options.proto}.
 */
public final class IncludeFiles {
  private IncludeFiles() {}

  /**
   * Writes the include files below {@code directory}, rewriting only files whose content changed.
   */
  public static void extract(Path directory) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (InputStream options =
        IncludeFiles.class.getResourceAsStream("/" + OptionsReader.OPTIONS_FILE)) {
      if (options == null) {
        throw new IOException(
            OptionsReader.OPTIONS_FILE + " is missing from the protoevents generator jar");
      }
      files.put(OptionsReader.OPTIONS_FILE, options.readAllBytes());
    }
    wellKnownTypes(files);
    for (var entry : files.entrySet()) {
      Path target = directory.resolve(entry.getKey());
      if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), entry.getValue())) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.write(target, entry.getValue());
    }
  }

  private static void wellKnownTypes(TreeMap<String, byte[]> into) throws IOException {
    Path jar;
    try {
      jar = Path.of(Any.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IOException(
          "cannot locate the protobuf-java jar for the well-known .proto files", e);
    }
    if (Files.isDirectory(jar)) {
      Path root = jar.resolve("google/protobuf");
      try (var walk = Files.walk(root)) {
        for (Path file :
            (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".proto"))::iterator) {
          into.put(jar.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
      return;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith("google/protobuf/") && entry.getName().endsWith(".proto")) {
          try (InputStream in = file.getInputStream(entry)) {
            into.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
    if (!into.containsKey("google/protobuf/descriptor.proto")) {
      throw new IOException(
          "the protobuf-java jar " + jar + " holds no google/protobuf/*.proto files");
    }
  }
}
