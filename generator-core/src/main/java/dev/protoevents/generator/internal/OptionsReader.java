package dev.protoevents.generator.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of a generation: builds descriptors whose options carry the typed extensions of
 * every {@link OptionSource} (the descriptor protos are re-parsed with their {@link
 * ExtensionRegistry}), and reads the resource and event declarations from them. It checks nothing
 * but what only the reader can see: a message declared both ways, a blank naming exemption.
 *
 * <pre>{@code
 * OptionsReader reader = OptionsReader.standard();
 * List<FileDescriptor> files = reader.descriptors(set.getFileList());
 * }</pre>
 */
public final class OptionsReader {
  /** Name of the options file protoevents ships. */
  public static final String OPTIONS_FILE = "protoevents/options.proto";

  private final List<OptionSource> sources;
  private final ExtensionRegistry registry;

  /** A reader of the given sources; where two declare the same message, the first wins. */
  public OptionsReader(List<OptionSource> sources) {
    this.sources = List.copyOf(sources);
    ExtensionRegistry r = ExtensionRegistry.newInstance();
    this.sources.forEach(s -> s.registerExtensions(r));
    this.registry = r.getUnmodifiable();
  }

  /** The reader of protoevents' own options and Restorecommerce's {@code kafka_subscriber}. */
  public static OptionsReader standard() {
    return new OptionsReader(
        List.of(new ProtoeventsOptionSource(), new RestorecommerceOptionSource()));
  }

  /** The extensions of every source. */
  public ExtensionRegistry registry() {
    return registry;
  }

  /**
   * Builds descriptors from protos in dependency order (as protoc writes a descriptor set with
   * {@code --include_imports}, or a {@code CodeGeneratorRequest}), re-parsing each with the
   * registry so that options are typed.
   *
   * @throws IOException if a file comes before its import or protobuf-java rejects it
   */
  public List<FileDescriptor> descriptors(List<FileDescriptorProto> protos) throws IOException {
    Map<String, FileDescriptor> built = new HashMap<>();
    List<FileDescriptor> out = new ArrayList<>();
    for (FileDescriptorProto untyped : protos) {
      FileDescriptorProto proto;
      try {
        proto = FileDescriptorProto.parseFrom(untyped.toByteString(), registry);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException("protoc wrote an unreadable descriptor of " + untyped.getName(), e);
      }
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

  /**
   * What the options of {@code messages} declare.
   *
   * @param resources resource messages and their declarations, in the order of {@code messages}
   * @param events domain event messages and their declarations, in the order of {@code messages}
   */
  public record Declarations(
      Map<Descriptor, ResourceDeclaration> resources, Map<Descriptor, EventDeclaration> events) {}

  /** Reads the declarations of {@code messages}; a message declared both ways is reported. */
  public Declarations read(List<Descriptor> messages, Problems problems) {
    Map<Descriptor, ResourceDeclaration> resources = new LinkedHashMap<>();
    Map<Descriptor, EventDeclaration> events = new LinkedHashMap<>();
    for (Descriptor message : messages) {
      Optional<ResourceDeclaration> resource =
          first(message, true).map(ResourceDeclaration.class::cast);
      Optional<EventDeclaration> event = first(message, false).map(EventDeclaration.class::cast);
      if (resource.isPresent() && event.isPresent()) {
        problems.at(
            message,
            "resource-and-event",
            "a message is either a resource or a domain event, not both.",
            "remove (protoevents.resource) or (protoevents.event).");
        continue;
      }
      resource.ifPresent(r -> resources.put(message, r));
      event.ifPresent(e -> events.put(message, e));
    }
    return new Declarations(resources, events);
  }

  private Optional<?> first(Descriptor message, boolean resource) {
    for (OptionSource source : sources) {
      Optional<?> found = resource ? source.resource(message) : source.event(message);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * True if {@code message} opts out of the naming rules; a blank reason is reported (and still
   * exempts, so that the user sees one error, not the rule's as well).
   */
  public boolean namingExemption(Descriptor message, Problems problems) {
    for (OptionSource source : sources) {
      Optional<OptionSource.NamingExemption> exemption = source.namingExemption(message);
      if (exemption.isPresent()) {
        if (exemption.get().reason().trim().isEmpty()) {
          problems.atOption(
              message,
              exemption.get().optionNumber(),
              "empty-naming-exemption",
              "(protoevents.naming_exemption) must say why this definition breaks the naming"
                  + " rules.",
              "write the reason, e.g. option (protoevents.naming_exemption) = \"name fixed by the"
                  + " partner API\";");
        }
        return true;
      }
    }
    return false;
  }
}
