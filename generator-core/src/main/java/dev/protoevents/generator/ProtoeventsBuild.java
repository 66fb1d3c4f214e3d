package dev.protoevents.generator;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.protoevents.generator.internal.FileTrees;
import dev.protoevents.generator.internal.IncludeFiles;
import dev.protoevents.generator.internal.OutputSync;
import dev.protoevents.generator.internal.ProtocRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * Runs one generation: protoc for the message classes and a descriptor set, then the event model,
 * the naming rules and the event API sources, all into a staging directory. Only when the whole run
 * succeeded are the output directories updated, file by file: unchanged files are not touched,
 * changed ones replaced atomically, files an earlier run wrote but this one no longer generates
 * deleted, and files protoevents did not write (listed in a manifest in the work directory) never
 * touched; a file in the way that protoevents did not write fails the run before anything changes.
 *
 * <pre>{@code
 * BuildResult result = new ProtoeventsBuild().run(request);
 * }</pre>
 */
public final class ProtoeventsBuild {
  private static final String MESSAGES_MANIFEST = "messages.manifest";
  private static final String EVENTS_MANIFEST = "events.manifest";

  /**
   * Name of the descriptor set a successful run leaves in its work directory: a {@code
   * FileDescriptorSet} of the generated files with source info, imports included, as protoc wrote
   * it. Build tools ship it as {@code META-INF/protoevents/descriptor-set.pb}.
   */
  public static final String DESCRIPTOR_SET = "descriptor-set.pb";

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
      int deleted = removeOutputs(request.workDirectory());
      return new BuildResult(List.of(), List.of(), 0, 0, 0, deleted, List.of());
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

    SortedMap<String, String> sources =
        EventSources.generate(
            FileDescriptorSet.parseFrom(Files.readAllBytes(descriptorSet)).getFileList(),
            protoFiles,
            request.namespace(),
            request.configuredResources(),
            displayPath);
    List<Path> eventFiles = new ArrayList<>();
    Files.createDirectories(stagedEvents);
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path relative = Path.of(source.getKey());
      Path target = stagedEvents.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.writeString(target, source.getValue(), StandardCharsets.UTF_8);
      eventFiles.add(relative);
    }
    eventFiles.sort(null);
    int messageFiles =
        stagedMessages.isPresent() ? FileTrees.list(stagedMessages.get(), ".java").size() : 0;

    // Everything is generated: only now do the output directories change, file by file.
    Path state = request.workDirectory().toAbsolutePath();
    Map<Path, OutputSync> syncs = new LinkedHashMap<>(); // by manifest file
    if (stagedMessages.isPresent()) {
      Path manifest = state.resolve(MESSAGES_MANIFEST);
      syncs.put(
          manifest,
          OutputSync.plan(
              stagedMessages.get(), request.messagesOutputDirectory().orElseThrow(), manifest));
    }
    Path eventsManifest = state.resolve(EVENTS_MANIFEST);
    syncs.put(
        eventsManifest,
        OutputSync.plan(stagedEvents, request.eventsOutputDirectory(), eventsManifest));
    List<Diagnostic> conflicts = new ArrayList<>();
    syncs.values().forEach(sync -> conflicts.addAll(sync.conflicts()));
    if (!conflicts.isEmpty()) {
      throw new BuildFailedException(conflicts);
    }
    int written = 0;
    int unchanged = 0;
    int deleted = 0;
    List<Path> changed = new ArrayList<>();
    // An output switched off or moved elsewhere: remove what protoevents wrote to the old place.
    for (Path manifest : List.of(state.resolve(MESSAGES_MANIFEST), eventsManifest)) {
      Optional<Path> recorded = OutputSync.recordedDirectory(manifest);
      OutputSync sync = syncs.get(manifest);
      if (recorded.isPresent() && (sync == null || !recorded.get().equals(sync.target()))) {
        List<String> removed = OutputSync.removeAll(manifest).deleted();
        deleted += removed.size();
        removed.forEach(f -> changed.add(recorded.get().resolve(f).toAbsolutePath()));
      }
    }
    for (OutputSync sync : syncs.values()) {
      OutputSync.Changes changes = sync.apply();
      written += changes.written().size();
      unchanged += changes.unchanged().size();
      deleted += changes.deleted().size();
      changes.written().forEach(f -> changed.add(sync.target().resolve(f).toAbsolutePath()));
      changes.deleted().forEach(f -> changed.add(sync.target().resolve(f).toAbsolutePath()));
    }
    // The descriptor set of this run, kept for packaging; replaced only if its content changed.
    Path keptSet = state.resolve(DESCRIPTOR_SET);
    byte[] set = Files.readAllBytes(descriptorSet);
    if (!Files.exists(keptSet) || !java.util.Arrays.equals(Files.readAllBytes(keptSet), set)) {
      Path temporary = state.resolve(DESCRIPTOR_SET + ".tmp");
      Files.write(temporary, set);
      Files.move(
          temporary,
          keptSet,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return new BuildResult(
        protoFiles, eventFiles, messageFiles, written, unchanged, deleted, changed);
  }

  /**
   * The output files the last run with this {@code workDirectory} wrote or kept, as absolute paths:
   * what must still exist for that run's output to be complete.
   */
  public static List<Path> outputFiles(Path workDirectory) throws IOException {
    Path state = workDirectory.toAbsolutePath();
    List<Path> files = new ArrayList<>();
    for (String name : List.of(MESSAGES_MANIFEST, EVENTS_MANIFEST)) {
      Path manifest = state.resolve(name);
      Optional<Path> directory = OutputSync.recordedDirectory(manifest);
      if (directory.isPresent()) {
        OutputSync.read(manifest, directory.get())
            .forEach(f -> files.add(directory.get().resolve(f)));
      }
    }
    if (!files.isEmpty()) {
      files.add(state.resolve(DESCRIPTOR_SET));
    }
    return files;
  }

  /**
   * Deletes every file earlier runs with this {@code workDirectory} wrote to the output
   * directories, and nothing else: for a build whose .proto files are all gone.
   *
   * @return the number of files deleted
   */
  public static int removeOutputs(Path workDirectory) throws IOException {
    Path state = workDirectory.toAbsolutePath();
    Files.deleteIfExists(state.resolve(DESCRIPTOR_SET));
    return OutputSync.removeAll(state.resolve(MESSAGES_MANIFEST)).deleted().size()
        + OutputSync.removeAll(state.resolve(EVENTS_MANIFEST)).deleted().size();
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
}
