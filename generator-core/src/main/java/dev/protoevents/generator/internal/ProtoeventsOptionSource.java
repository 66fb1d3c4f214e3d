package dev.protoevents.generator.internal;

import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.ExtensionRegistry;
import dev.protoevents.options.EventOptions;
import dev.protoevents.options.ProtoeventsOptionsProto;
import dev.protoevents.options.ResourceOptions;
import java.util.Optional;

/**
 * Reads protoevents' own options ({@code protoevents/options.proto}): {@code
 * (protoevents.resource)}, {@code (protoevents.event)} and {@code (protoevents.naming_exemption)},
 * through the classes protoc compiled from that file when protoevents was built.
 */
public final class ProtoeventsOptionSource implements OptionSource {
  /** Field number of {@code (protoevents.resource)}. */
  public static final int RESOURCE = ProtoeventsOptionsProto.RESOURCE_FIELD_NUMBER;

  /** Field number of {@code (protoevents.event)}. */
  public static final int EVENT = ProtoeventsOptionsProto.EVENT_FIELD_NUMBER;

  /** Field number of {@code (protoevents.naming_exemption)}. */
  public static final int NAMING_EXEMPTION = ProtoeventsOptionsProto.NAMING_EXEMPTION_FIELD_NUMBER;

  @Override
  public void registerExtensions(ExtensionRegistry registry) {
    ProtoeventsOptionsProto.registerAllExtensions(registry);
  }

  @Override
  public Optional<ResourceDeclaration> resource(Descriptor message) {
    MessageOptions options = message.getOptions();
    if (!options.hasExtension(ProtoeventsOptionsProto.resource)) {
      return Optional.empty();
    }
    ResourceOptions r = options.getExtension(ProtoeventsOptionsProto.resource);
    return Optional.of(
        new ResourceDeclaration(
            RESOURCE,
            nonEmpty(r.getName()),
            nonEmpty(r.getTopic()),
            nonEmpty(r.getKeyField()),
            r.hasPartitions() ? Optional.of(r.getPartitions()) : Optional.empty(),
            r.hasReplicationFactor() ? Optional.of(r.getReplicationFactor()) : Optional.empty(),
            r.hasRetentionMs() ? Optional.of(r.getRetentionMs()) : Optional.empty(),
            nonEmpty(r.getCleanupPolicy()),
            r.getTopicConfigMap(),
            r.getFullStateOnly()));
  }

  @Override
  public Optional<EventDeclaration> event(Descriptor message) {
    MessageOptions options = message.getOptions();
    if (!options.hasExtension(ProtoeventsOptionsProto.event)) {
      return Optional.empty();
    }
    EventOptions e = options.getExtension(ProtoeventsOptionsProto.event);
    return Optional.of(
        new EventDeclaration(EVENT, nonEmpty(e.getResource()), nonEmpty(e.getKeyField())));
  }

  @Override
  public Optional<NamingExemption> namingExemption(Descriptor message) {
    MessageOptions options = message.getOptions();
    if (!options.hasExtension(ProtoeventsOptionsProto.namingExemption)) {
      return Optional.empty();
    }
    return Optional.of(
        new NamingExemption(
            options.getExtension(ProtoeventsOptionsProto.namingExemption), NAMING_EXEMPTION));
  }

  /** proto3 strings have no presence: empty means left out. */
  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
