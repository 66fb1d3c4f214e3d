package dev.protoevents.generator.internal;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.Message;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Restorecommerce's resource option {@code io.restorecommerce.options.kafka_subscriber}
 * ({@code io/restorecommerce/options.proto}, number {@value #KAFKA_SUBSCRIBER}) = {@code {plural,
 * topic, created, updated, deleted}}. A message with it is a resource on the option's topic, in the
 * {@code restorecommerce} envelope, with the option's event names. protoevents does not ship that
 * file: the extension is described here (the same field numbers) and read as a dynamic message
 * through the registry, so the user's copy of the file, whatever its version, is read.
 */
public final class RestorecommerceOptionSource implements OptionSource {
  /** Field number of {@code io.restorecommerce.options.kafka_subscriber}. */
  public static final int KAFKA_SUBSCRIBER = 31003;

  private static final FieldDescriptor EXTENSION;
  private static final Descriptor SUBSCRIPTION;

  static {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("protoevents/restorecommerce_kafka_subscriber.proto")
            .setPackage("io.restorecommerce.options")
            .setSyntax("proto3")
            .addDependency("google/protobuf/descriptor.proto")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("KafkaSubscription")
                    .addField(string("plural", 1))
                    .addField(string("topic", 2))
                    .addField(string("created", 3))
                    .addField(string("updated", 4))
                    .addField(string("deleted", 5)))
            .addExtension(
                FieldDescriptorProto.newBuilder()
                    .setName("kafka_subscriber")
                    .setNumber(KAFKA_SUBSCRIBER)
                    .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                    .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(".io.restorecommerce.options.KafkaSubscription")
                    .setExtendee(".google.protobuf.MessageOptions"))
            .build();
    try {
      FileDescriptor built =
          FileDescriptor.buildFrom(file, new FileDescriptor[] {DescriptorProtos.getDescriptor()});
      EXTENSION = built.getExtensions().get(0);
      SUBSCRIPTION = built.getMessageTypes().get(0);
    } catch (DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static FieldDescriptorProto.Builder string(String name, int number) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .setType(FieldDescriptorProto.Type.TYPE_STRING)
        .setJsonName(name);
  }

  @Override
  public void registerExtensions(ExtensionRegistry registry) {
    registry.add(EXTENSION, DynamicMessage.getDefaultInstance(SUBSCRIPTION));
  }

  @Override
  public Optional<ResourceDeclaration> resource(Descriptor message) {
    if (!message.getOptions().hasField(EXTENSION)) {
      return Optional.empty();
    }
    Message option = (Message) message.getOptions().getField(EXTENSION);
    String plural = field(option, "plural");
    String simple = message.getName();
    String lowerCamel =
        simple.isEmpty() ? simple : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    ResourceDeclaration.KafkaSubscriber names =
        new ResourceDeclaration.KafkaSubscriber(
            plural,
            orElse(field(option, "created"), lowerCamel + "Created"),
            orElse(field(option, "updated"), lowerCamel + "Updated"),
            orElse(field(option, "deleted"), lowerCamel + "Deleted"));
    String topic = field(option, "topic");
    return Optional.of(
        new ResourceDeclaration(
            KAFKA_SUBSCRIBER,
            Optional.empty(),
            topic.isEmpty() ? Optional.empty() : Optional.of(topic),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            false,
            Optional.of(names)));
  }

  @Override
  public Optional<EventDeclaration> event(Descriptor message) {
    return Optional.empty();
  }

  @Override
  public Optional<NamingExemption> namingExemption(Descriptor message) {
    return Optional.empty();
  }

  private static String field(Message option, String name) {
    FieldDescriptor field = option.getDescriptorForType().findFieldByName(name);
    return field == null ? "" : (String) option.getField(field);
  }

  private static String orElse(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }
}
