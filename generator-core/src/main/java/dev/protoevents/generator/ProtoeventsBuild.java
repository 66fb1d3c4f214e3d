package dev.protoevents.generator;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.palantir.javapoet.JavaFile;
import dev.protoevents.generator.codegen.JavaGenerator;
import dev.protoevents.generator.internal.FileTrees;
import dev.protoevents.generator.internal.IncludeFiles;
import dev.protoevents.generator.internal.ModelBuilder;
import dev.protoevents.generator.internal.Problems;
import dev.protoevents.generator.internal.ProtocRunner;
import dev.protoevents.generator.model.EventModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one generation: protoc for the message classes and a descriptor set, then the event model,
 * the naming rules and the event API sources. Output directories are replaced only when the whole
 * run succeeded, so a failed run leaves no half-written output.
 *
 * <pre>{@code
 * BuildResult result = new ProtoeventsBuild().run(request);
 * }</pre>
 */
public final class ProtoeventsBuild {

  /**
   * Generates everything {@code request} asks for.
   *
   * @throws BuildFailedException if the .proto files are wrong; the message lists every problem
   * @throws IOException if files cannot be read or written, or protoc cannot be started
   * @throws InterruptedException if interrupted while protoc runs
   */
  public BuildResult run(BuildRequest request)
      throws BuildFailedException, IOException, InterruptedException {
    List<String> protoFiles = protoFiles(request.protoSourceRoot());
    if (protoFiles.isEmpty()) {
      return new BuildResult(List.of(), List.of(), 0);
    }
    Path work = request.workDirectory().toAbsolutePath();
    Path include = work.resolve("include");
    IncludeFiles.extract(include);

    Path staging = work.resolve("staging");
    FileTrees.delete(staging);
    Files.createDirectories(staging);
    try {
      return generate(request, protoFiles, include, staging);
    } finally {
      FileTrees.delete(staging);
    }
  }

  private BuildResult generate(
      BuildRequest request, List<String> protoFiles, Path include, Path staging)
      throws BuildFailedException, IOException, InterruptedException {
    Function<String, String> displayPath = displayPath(request);
    Path descriptorSet = staging.resolve("descriptors.pb");
    Optional<Path> stagedMessages =
        request.messagesOutputDirectory().map(d -> staging.resolve("messages"));
    Path stagedEvents = staging.resolve("events");

    List<String> args = new ArrayList<>();
    args.add("--proto_path=" + request.protoSourceRoot().toAbsolutePath());
    request.importRoots().forEach(root -> args.add("--proto_path=" + root.toAbsolutePath()));
    args.add("--proto_path=" + include);
    args.add("--include_imports");
    args.add("--include_source_info");
    args.add("--descriptor_set_out=" + descriptorSet);
    if (stagedMessages.isPresent()) {
      Files.createDirectories(stagedMessages.get());
      args.add("--java_out=" + stagedMessages.get());
    }
    args.addAll(protoFiles);
    ProtocRunner.Result protoc =
        ProtocRunner.run(request.protoc(), args, staging.resolve("protoc.args"));
    if (protoc.exitCode() != 0) {
      throw new BuildFailedException(ProtocRunner.diagnostics(protoc.errors(), displayPath));
    }

    Problems problems = new Problems(displayPath);
    List<FileDescriptor> files = descriptors(Files.readAllBytes(descriptorSet));
    files.forEach(problems::index);
    EventModel model =
        new ModelBuilder(
                files,
                Set.copyOf(protoFiles),
                request.namespace(),
                request.configuredResources(),
                problems)
            .build();
    if (problems.any()) {
      throw new BuildFailedException(problems.sorted());
    }

    List<Path> eventFiles = new ArrayList<>();
    Files.createDirectories(stagedEvents);
    for (JavaFile file : JavaGenerator.generate(model)) {
      Path relative =
          Path.of(file.packageName().replace('.', '/'), file.typeSpec().name() + ".java");
      Path target = stagedEvents.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.writeString(target, JavaGenerator.render(file), StandardCharsets.UTF_8);
      eventFiles.add(relative);
    }
    eventFiles.sort(null);
    int messageFiles =
        stagedMessages.isPresent() ? FileTrees.list(stagedMessages.get(), ".java").size() : 0;

    // Everything is generated: only now do the output directories change.
    Path work = request.workDirectory().toAbsolutePath();
    if (stagedMessages.isPresent()) {
      FileTrees.replace(
          stagedMessages.get(), request.messagesOutputDirectory().orElseThrow(), work);
    }
    FileTrees.replace(stagedEvents, request.eventsOutputDirectory(), work);
    return new BuildResult(protoFiles, eventFiles, messageFiles);
  }

  /**
   * The .proto files below {@code root} as protoc names them: relative, '/'-separated, sorted;
   * empty if {@code root} is not a directory.
   */
  public static List<String> protoFiles(Path root) throws IOException {
    return FileTrees.list(root, ".proto");
  }

  private static Function<String, String> displayPath(BuildRequest request) {
    List<Path> roots = new ArrayList<>();
    roots.add(request.protoSourceRoot());
    roots.addAll(request.importRoots());
    return name -> {
      for (Path root : roots) {
        Path candidate = root.resolve(name);
        if (Files.exists(candidate)) {
          return candidate.toString();
        }
      }
      return name;
    };
  }

  /** Builds descriptors from a set protoc wrote with --include_imports (dependencies first). */
  private static List<FileDescriptor> descriptors(byte[] bytes) throws IOException {
    FileDescriptorSet set = FileDescriptorSet.parseFrom(bytes);
    Map<String, FileDescriptor> built = new HashMap<>();
    List<FileDescriptor> out = new ArrayList<>();
    for (FileDescriptorProto proto : set.getFileList()) {
      Set<FileDescriptor> dependencies = new LinkedHashSet<>();
      for (String dependency : proto.getDependencyList()) {
        FileDescriptor found = built.get(dependency);
        if (found == null) {
          throw new IOException(
              "descriptor set lists " + proto.getName() + " before its import " + dependency);
        }
        dependencies.add(found);
      }
      try {
        FileDescriptor file =
            FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
        built.put(file.getName(), file);
        out.add(file);
      } catch (DescriptorValidationException e) {
        throw new IOException(
            "protoc wrote a descriptor protobuf-java rejects: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
