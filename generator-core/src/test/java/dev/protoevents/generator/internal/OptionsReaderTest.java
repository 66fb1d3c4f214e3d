package dev.protoevents.generator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.UnknownFieldSet;
import dev.protoevents.options.ProtoeventsOptionsProto;
import dev.protoevents.options.ResourceOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The options reader re-parses descriptors whose options arrive as unknown fields (as protoc writes
 * them for an option the reader of the bytes did not know), reads them through the compiled option
 * classes with their presence, and takes declarations from a second option source as well.
 */
class OptionsReaderTest {

  @Test
  void optionsWrittenAsUnknownFieldsAreReadTypedWithPresence() throws Exception {
    // Given a file whose Order message carries (protoevents.resource) = { partitions: 0 } only as
    // unknown bytes, the way a descriptor set parsed without the extension registry holds it
    ResourceOptions resource = ResourceOptions.newBuilder().setPartitions(0).build();
    MessageOptions untyped =
        MessageOptions.newBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        ProtoeventsOptionsProto.RESOURCE_FIELD_NUMBER,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(resource.toByteString())
                            .build())
                    .build())
            .build();
    FileDescriptorProto file = file("Order", untyped);

    // When the standard reader builds the descriptors and reads the declarations
    OptionsReader reader = OptionsReader.standard();
    List<FileDescriptor> files =
        reader.descriptors(
            List.of(
                ProtoeventsOptionsProto.getDescriptor()
                    .getFile()
                    .getDependencies()
                    .get(0)
                    .toProto(),
                ProtoeventsOptionsProto.getDescriptor().toProto(),
                file));
    Descriptor order = files.get(2).findMessageTypeByName("Order");
    OptionsReader.Declarations declared = reader.read(List.of(order), new Problems(f -> f));

    // Then Order is a resource whose explicit partitions: 0 is present, not the default
    ResourceDeclaration declaration = declared.resources().get(order);
    assertEquals(Optional.of(0), declaration.partitions());
    assertEquals(Optional.empty(), declaration.replicationFactor());
  }

  @Test
  void aSecondOptionSourceDeclaresResourcesTheFirstDoesNotKnow() throws Exception {
    // Given a source that declares every message named Legacy* a resource, next to protoevents' own
    OptionSource legacy =
        new OptionSource() {
          @Override
          public void registerExtensions(ExtensionRegistry registry) {}

          @Override
          public Optional<ResourceDeclaration> resource(Descriptor message) {
            return message.getName().startsWith("Legacy")
                ? Optional.of(ResourceDeclaration.configured())
                : Optional.empty();
          }

          @Override
          public Optional<EventDeclaration> event(Descriptor message) {
            return Optional.empty();
          }

          @Override
          public Optional<NamingExemption> namingExemption(Descriptor message) {
            return Optional.empty();
          }
        };
    OptionsReader reader = new OptionsReader(List.of(new ProtoeventsOptionSource(), legacy));
    List<FileDescriptor> files =
        reader.descriptors(
            List.of(file("LegacyCustomer", MessageOptions.getDefaultInstance())).stream()
                .map(f -> f.toBuilder().clearDependency().build())
                .toList());

    // When the reader reads the declarations
    Descriptor customer = files.get(0).findMessageTypeByName("LegacyCustomer");
    Problems problems = new Problems(f -> f);
    OptionsReader.Declarations declared = reader.read(List.of(customer), problems);

    // Then the second source's resource is there, and nothing was reported
    assertTrue(declared.resources().containsKey(customer));
    assertEquals(Map.of(), declared.events());
    assertFalse(problems.any());
  }

  private static FileDescriptorProto file(String message, MessageOptions options) {
    return FileDescriptorProto.newBuilder()
        .setName("shop/order.proto")
        .setPackage("shop")
        .setSyntax("proto3")
        .addDependency(OptionsReader.OPTIONS_FILE)
        .addMessageType(
            DescriptorProto.newBuilder()
                .setName(message)
                .setOptions(options)
                .addField(
                    FieldDescriptorProto.newBuilder()
                        .setName("id")
                        .setNumber(1)
                        .setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
        .build();
  }
}
