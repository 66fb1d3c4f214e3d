package dev.protoevents.generator;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one generation run needs. Build tools (the Maven plugin) fill it in; {@link
 * ProtoeventsBuild#run(BuildRequest)} does the work.
 *
 * @param protoc the protoc executable to run
 * @param protoSourceRoot directory holding the .proto files to generate from
 * @param importRoots further directories searched for imports only (nothing is generated for them)
 * @param messagesOutputDirectory where protoc writes the protobuf message classes; empty to skip
 *     them when another plugin already generates them
 * @param eventsOutputDirectory where the event APIs are written
 * @param workDirectory scratch directory owned by protoevents (include files, descriptor set)
 * @param namespace topic namespace, e.g. {@code io.restorecommerce}
 * @param configuredResources full or simple names of messages to treat as resources even though
 *     they carry no {@code (protoevents.resource)} option
 */
public record BuildRequest(
    Path protoc,
    Path protoSourceRoot,
    List<Path> importRoots,
    Optional<Path> messagesOutputDirectory,
    Path eventsOutputDirectory,
    Path workDirectory,
    String namespace,
    List<String> configuredResources) {

  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "io.restorecommerce";

  /** Checks for nulls and copies the lists. */
  public BuildRequest {
    Objects.requireNonNull(protoc, "protoc");
    Objects.requireNonNull(protoSourceRoot, "protoSourceRoot");
    importRoots = List.copyOf(importRoots);
    Objects.requireNonNull(messagesOutputDirectory, "messagesOutputDirectory");
    Objects.requireNonNull(eventsOutputDirectory, "eventsOutputDirectory");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(namespace, "namespace");
    configuredResources = List.copyOf(configuredResources);
  }
}
