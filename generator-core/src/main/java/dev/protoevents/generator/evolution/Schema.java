package dev.protoevents.generator.evolution;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.protoevents.generator.BuildFailedException;
import dev.protoevents.generator.ProtoeventsBuild;
import dev.protoevents.generator.internal.IncludeFiles;
import dev.protoevents.generator.internal.ProtocRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * One version of a module's .proto files as protoc describes them: a {@code FileDescriptorSet} with
 * imports and source info, which of its files are the module's own (the ones events are generated
 * for), and how a file is named to the user in findings.
 *
 * <pre>{@code
 * Schema current = Schema.compile(protoc, Path.of("src/main/proto"), List.of(), work);
 * Optional<Schema> baseline = Schema.readJar(jar, "com.example:orders:1.0.0");
 * }</pre>
 */
public final class Schema {
  /** Where a module's jar carries its descriptor set. */
  public static final String JAR_ENTRY = "META-INF/protoevents/descriptor-set.pb";

  private final FileDescriptorSet descriptors;
  private final Set<String> ownFiles;
  private final Function<String, String> displayPath;

  private Schema(
      FileDescriptorSet descriptors, Set<String> ownFiles, Function<String, String> displayPath) {
    this.descriptors = Objects.requireNonNull(descriptors, "descriptors");
    this.ownFiles = Set.copyOf(ownFiles);
    this.displayPath = Objects.requireNonNull(displayPath, "displayPath");
  }

  /**
   * A schema of {@code descriptors}.
   *
   * @param ownFiles names of the module's own files ({@code shop/order.proto}); empty if unknown,
   *     then every file but protobuf's and protoevents' own counts, except those the other side of
   *     a comparison only imports
   * @param displayPath turns a file name into the path shown in findings
   */
  public static Schema of(
      FileDescriptorSet descriptors, Set<String> ownFiles, Function<String, String> displayPath) {
    return new Schema(descriptors, ownFiles, displayPath);
  }

  /**
   * Runs protoc over the .proto files below {@code sourceRoot} (with {@code --include_imports
   * --include_source_info}, as the generate goal does) and returns them as the current schema;
   * files are shown by their path below {@code sourceRoot} or an import root.
   *
   * @param workDirectory scratch directory for the include files, protoc's arguments and the set
   * @throws BuildFailedException if protoc rejects the files
   */
  public static Schema compile(
      Path protoc, Path sourceRoot, List<Path> importRoots, Path workDirectory)
      throws BuildFailedException, IOException, InterruptedException {
    List<String> files = ProtoeventsBuild.protoFiles(sourceRoot);
    Path work = workDirectory.toAbsolutePath();
    Path include = work.resolve("include");
    IncludeFiles.extract(include);
    Path out = work.resolve("descriptor-set.pb");
    Files.deleteIfExists(out);
    List<Path> roots = new ArrayList<>();
    roots.add(sourceRoot);
    roots.addAll(importRoots);
    Function<String, String> display =
        name -> {
          for (Path root : roots) {
            Path candidate = root.resolve(name);
            if (Files.exists(candidate)) {
              return candidate.toString();
            }
          }
          return name;
        };
    if (files.isEmpty()) {
      return new Schema(FileDescriptorSet.getDefaultInstance(), Set.of(), display);
    }
    List<String> args = new ArrayList<>();
    roots.forEach(root -> args.add("--proto_path=" + root.toAbsolutePath()));
    args.add("--proto_path=" + include);
    args.add("--include_imports");
    args.add("--include_source_info");
    args.add("--descriptor_set_out=" + out);
    args.addAll(files);
    ProtocRunner.Result result = ProtocRunner.run(protoc, args, work.resolve("protoc.args"));
    if (result.exitCode() != 0) {
      throw new BuildFailedException(ProtocRunner.diagnostics(result.errors(), display));
    }
    return new Schema(
        FileDescriptorSet.parseFrom(Files.readAllBytes(out)), new TreeSet<>(files), display);
  }

  /**
   * Reads a descriptor set file (written by {@code protoc --descriptor_set_out --include_imports
   * --include_source_info}); its own files are not known, and files are shown as {@code
   * <file>!/<proto file>}.
   */
  public static Schema readDescriptorSet(Path file) throws IOException {
    FileDescriptorSet set = parse(Files.readAllBytes(file), file.toString());
    String label = file.getFileName().toString();
    return new Schema(set, Set.of(), name -> label + "!/" + name);
  }

  /**
   * Reads {@value #JAR_ENTRY} from a module's jar, or empty if the jar has none (it was built
   * before protoevents packed one). The jar's .proto entries, if any, tell its own files. Files are
   * shown as {@code <label>!/<proto file>}.
   */
  public static Optional<Schema> readJar(Path jar, String label) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(JAR_ENTRY);
      if (entry == null) {
        return Optional.empty();
      }
      FileDescriptorSet set;
      try (InputStream in = file.getInputStream(entry)) {
        set = parse(in.readAllBytes(), jar + "!/" + JAR_ENTRY);
      }
      List<String> protoEntries = new ArrayList<>();
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.endsWith(".proto")) {
          protoEntries.add(name);
        }
      }
      Set<String> own = new LinkedHashSet<>();
      for (FileDescriptorProto proto : set.getFileList()) {
        if (protoEntries.stream()
            .anyMatch(e -> e.equals(proto.getName()) || e.endsWith("/" + proto.getName()))) {
          own.add(proto.getName());
        }
      }
      own.removeIf(CompatibilityCheck::isToolFile);
      return Optional.of(new Schema(set, own, name -> label + "!/" + name));
    }
  }

  private static FileDescriptorSet parse(byte[] bytes, String where) throws IOException {
    try {
      return FileDescriptorSet.parseFrom(bytes);
    } catch (IOException e) {
      throw new IOException(where + " is not a protobuf FileDescriptorSet: " + e.getMessage(), e);
    }
  }

  /** Writes the descriptor set to {@code file}, e.g. to keep it as a baseline. */
  public void writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, descriptors.toByteArray());
  }

  /** The descriptor set, imports included. */
  public FileDescriptorSet descriptors() {
    return descriptors;
  }

  /** The module's own files; empty if unknown. */
  public Set<String> ownFiles() {
    return ownFiles;
  }

  /** The path of {@code protoFile} as findings show it. */
  public String displayPath(String protoFile) {
    return displayPath.apply(protoFile);
  }

  /** True if the schema holds no .proto file at all. */
  public boolean isEmpty() {
    return descriptors.getFileCount() == 0;
  }
}
