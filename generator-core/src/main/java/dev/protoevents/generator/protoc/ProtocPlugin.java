package dev.protoevents.generator.protoc;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import dev.protoevents.generator.BuildFailedException;
import dev.protoevents.generator.Diagnostic;
import dev.protoevents.generator.EventSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * protoevents as a protoc plugin: the same event API sources as the Maven goal, for builds that run
 * protoc themselves (buf, Gradle's protobuf plugin, other Maven protobuf plugins). protoc's own
 * {@code --java_out} writes the message classes. Problems in the .proto files go into the
 * response's {@code error} field, one tagged line each, exactly as the goal prints them.
 *
 * <pre>{@code
 * protoc --plugin=protoc-gen-protoevents=protoc-gen-protoevents.sh \
 *     --java_out=gen --protoevents_out=gen --protoevents_opt=namespace=com.acme shop/order.proto
 * }</pre>
 *
 * @see PluginParameters for the {@code --protoevents_opt} settings
 */
public final class ProtocPlugin {
  private ProtocPlugin() {}

  /**
   * Reads the request from standard input and writes the response to standard output. Arguments are
   * ignored (some drivers pass their own), except {@code --help}.
   */
  public static void main(String[] args) throws IOException {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.err.println(
          "protoc-gen-protoevents is run by protoc: protoc --plugin=protoc-gen-protoevents=<this>"
              + " --protoevents_out=<dir> [--protoevents_opt=namespace=...,resources=...] <files>");
      return;
    }
    run(System.in, System.out);
  }

  /** Reads one request from {@code in} and writes its response to {@code out}. */
  public static void run(InputStream in, OutputStream out) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(in);
    generate(request).writeTo(out);
    out.flush();
  }

  /** The response to {@code request}: the event API files, or the problems in {@code error}. */
  public static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response =
        CodeGeneratorResponse.newBuilder()
            .setSupportedFeatures(
                CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
                    | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
            .setMinimumEdition(com.google.protobuf.DescriptorProtos.Edition.EDITION_PROTO2_VALUE)
            .setMaximumEdition(com.google.protobuf.DescriptorProtos.Edition.EDITION_2024_VALUE);
    PluginParameters parameters;
    try {
      parameters = PluginParameters.parse(request.getParameter());
    } catch (IllegalArgumentException e) {
      return response.setError(e.getMessage()).build();
    }
    try {
      SortedMap<String, String> sources =
          EventSources.generate(
              request.getProtoFileList(),
              request.getFileToGenerateList(),
              parameters.namespace(),
              parameters.resources(),
              Function.identity());
      for (Map.Entry<String, String> source : sources.entrySet()) {
        response.addFile(
            CodeGeneratorResponse.File.newBuilder()
                .setName(source.getKey())
                .setContent(source.getValue()));
      }
      return response.build();
    } catch (BuildFailedException e) {
      return response
          .setError(
              e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")))
          .build();
    } catch (IOException | RuntimeException e) {
      return response.setError("protoevents failed unexpectedly: " + e).build();
    }
  }
}
