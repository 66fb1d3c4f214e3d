package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;

/** The types of the protoevents runtime, protobuf and Kafka that generated code refers to. */
final class RuntimeTypes {
  private static final String RUNTIME = "dev.protoevents.runtime";

  static final ClassName EVENT_METADATA = ClassName.get(RUNTIME, "EventMetadata");
  static final ClassName OUTGOING_EVENT = ClassName.get(RUNTIME, "OutgoingEvent");
  static final ClassName INCOMING_EVENT = ClassName.get(RUNTIME, "IncomingEvent");
  static final ClassName EVENT_DECODER = ClassName.get(RUNTIME, "EventDecoder");
  static final ClassName EVENT_DECODING_EXCEPTION =
      ClassName.get(RUNTIME, "EventDecodingException");
  static final ClassName EVENT_LISTENER = ClassName.get(RUNTIME, "EventListener");
  static final ClassName EVENT_PUBLISHER = ClassName.get(RUNTIME, "EventPublisher");
  static final ClassName EVENT_SUBSCRIBER = ClassName.get(RUNTIME, "EventSubscriber");
  static final ClassName SUBSCRIPTION = ClassName.get(RUNTIME, "Subscription");
  static final ClassName TOPIC_SPEC = ClassName.get(RUNTIME, "TopicSpec");
  static final ClassName RESTORE_HANDLER = ClassName.get(RUNTIME, "RestoreHandler");
  static final ClassName RESOURCE_VIEW = ClassName.get(RUNTIME, "ResourceView");
  static final ClassName STATE_FEED = ClassName.get(RUNTIME + ".restore", "StateFeed");
  static final ClassName STATE_FEED_BUILDER = STATE_FEED.nestedClass("Builder");
  static final ClassName ENVELOPE = ClassName.get(RUNTIME + ".envelope", "Envelope");
  static final ClassName EVENT_NAMES = ClassName.get(RUNTIME + ".envelope", "EventNames");
  static final ClassName EVENT_PROCESSOR = ClassName.get(RUNTIME + ".process", "EventProcessor");
  static final ClassName PROCESSOR_CONTEXT =
      ClassName.get(RUNTIME + ".process", "ProcessorContext");
  static final ClassName PROCESSOR_LISTENER =
      ClassName.get(RUNTIME + ".process", "ProcessorListener");
  static final ClassName MAP = ClassName.get("java.util", "Map");

  static final ClassName FIELD_MASK = ClassName.get("com.google.protobuf", "FieldMask");
  static final ClassName RECORD_METADATA =
      ClassName.get("org.apache.kafka.clients.producer", "RecordMetadata");
  static final ClassName COMPLETABLE_FUTURE =
      ClassName.get("java.util.concurrent", "CompletableFuture");
  static final ClassName OBJECTS = ClassName.get("java.util", "Objects");

  private RuntimeTypes() {}
}
