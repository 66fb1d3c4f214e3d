package dev.protoevents.generator;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.palantir.javapoet.JavaFile;
import dev.protoevents.generator.codegen.JavaGenerator;
import dev.protoevents.generator.internal.ModelBuilder;
import dev.protoevents.generator.internal.OptionsReader;
import dev.protoevents.generator.internal.Problems;
import dev.protoevents.generator.model.EventModel;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The event API sources of a set of descriptors, in memory: options read, names and clashes
 * checked, model built, Java rendered. The Maven goal ({@link ProtoeventsBuild}) and the protoc
 * plugin both write exactly these texts, so their output is byte-identical.
 *
 * <pre>{@code
 * SortedMap<String, String> sources =
 *     EventSources.generate(set.getFileList(), List.of("shop/order.proto"), "io.restorecommerce",
 *         List.of(), name -> name);
 * }</pre>
 */
public final class EventSources {
  private EventSources() {}

  /**
   * Generates the event APIs of {@code filesToGenerate}.
   *
   * @param protos every file, imports first (a descriptor set written with {@code
   *     --include_imports}, or a {@code CodeGeneratorRequest}'s files), with source info for the
   *     files to generate so that errors carry lines
   * @param filesToGenerate names of the files whose resources get event APIs; the others are
   *     imports only
   * @param namespace topic namespace
   * @param configuredResources messages to treat as resources without options
   * @param displayPath turns a proto file name into the path shown in errors
   * @return source text by path relative to the output directory ({@code shop/OrderTopic.java}),
   *     sorted
   * @throws BuildFailedException with every problem, if the files break protoevents' rules
   * @throws IOException if the descriptors are inconsistent
   */
  public static SortedMap<String, String> generate(
      List<FileDescriptorProto> protos,
      Collection<String> filesToGenerate,
      String namespace,
      List<String> configuredResources,
      Function<String, String> displayPath)
      throws BuildFailedException, IOException {
    Problems problems = new Problems(displayPath);
    OptionsReader reader = OptionsReader.standard();
    List<FileDescriptor> files = reader.descriptors(protos);
    files.forEach(problems::index);
    EventModel model =
        new ModelBuilder(
                files,
                Set.copyOf(filesToGenerate),
                namespace,
                configuredResources,
                reader,
                problems)
            .build();
    if (problems.any()) {
      throw new BuildFailedException(problems.sorted());
    }
    SortedMap<String, String> sources = new TreeMap<>();
    for (JavaFile file : JavaGenerator.generate(model)) {
      String path =
          file.packageName().isEmpty()
              ? file.typeSpec().name() + ".java"
              : file.packageName().replace('.', '/') + "/" + file.typeSpec().name() + ".java";
      sources.put(path, JavaGenerator.render(file));
    }
    return sources;
  }
}
