package dev.protoevents.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.generator.model.GeneratedClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message with Restorecommerce's {@code io.restorecommerce.options.kafka_subscriber} is a
 * resource without any configuration, on the option's topic, in the {@code restorecommerce}
 * envelope with the option's event names. The option file here is a copy of the relevant part of
 * {@code io/restorecommerce/options.proto}; the it module runs the real tree.
 */
class KafkaSubscriberOptionTest {
  private static final String OPTIONS =
      """
      syntax = "proto3";
      package io.restorecommerce.options;
      import "google/protobuf/descriptor.proto";
      extend google.protobuf.MessageOptions {
        KafkaSubscription kafka_subscriber = 31003;
      }
      message KafkaSubscription {
        string plural = 1;
        string topic = 2;
        string created = 3;
        string updated = 4;
        string deleted = 5;
      }
      """;

  private static final String USER =
      """
      syntax = "proto3";
      package io.restorecommerce.user;
      import "io/restorecommerce/options.proto";
      message User {
        option (restorecommerce.options.kafka_subscriber) = {
          plural: "users"
          topic: "io.restorecommerce.users.resource"
          created: "userCreated"
          updated: "userUpdated"
          deleted: "userDeleted"
        };
        optional string id = 1;
        optional string name = 2;
      }
      message Deleted {
        optional string id = 1;
      }
      message UserList {
        repeated User items = 1;
      }
      """;

  @Test
  void kafkaSubscriberDeclaresAResourceOnItsTopicWithItsEventNames(@TempDir Path dir)
      throws Exception {
    // Given the option on User and no configured resources
    Path sources =
        TestProjects.sources(
            dir,
            Map.of(
                "io/restorecommerce/options.proto",
                OPTIONS,
                "io/restorecommerce/user.proto",
                USER));

    // When generated
    BuildResult result = new ProtoeventsBuild().run(TestProjects.request(dir, sources, List.of()));

    // Then User alone is a resource (one class of each kind), on the option's topic
    assertEquals(
        GeneratedClass.values().length, result.eventFiles().size(), result.eventFiles()::toString);
    Path out = dir.resolve("out/events/io/restorecommerce/user");
    String topic = Files.readString(out.resolve("UserTopic.java")).replaceAll("\\s+", "");
    assertTrue(topic.contains("NAME=\"io.restorecommerce.users.resource\""), topic);
    // in the restorecommerce envelope with the option's names; updated is our Replaced
    assertTrue(topic.contains("Envelope.restorecommerce(EventNames.lowerCamel()"), topic);
    assertTrue(topic.contains(".with(\"UserCreated\",\"userCreated\")"), topic);
    assertTrue(topic.contains(".with(\"UserReplaced\",\"userUpdated\")"), topic);
    assertTrue(topic.contains(".with(\"UserDeleted\",\"userDeleted\")"), topic);
    assertTrue(topic.contains("EventDecoder.inEnvelope(ENVELOPE,UserTopic::decode)"), topic);
    // a delete carries the file's Deleted message
    assertTrue(topic.contains("event.parse(UserOuterClass.Deleted.parser()).getId()"), topic);
    String publisher = Files.readString(out.resolve("UserPublisher.java")).replaceAll("\\s+", "");
    assertTrue(publisher.contains("UserOuterClass.Deleted.newBuilder().setId(id).build()"));
    assertTrue(publisher.contains("UserTopic.ENVELOPE)"), publisher);
    // no patches on that wire
    assertFalse(publisher.contains("patched("), publisher);
    assertFalse(Files.readString(out.resolve("UserEvent.java")).contains("Patched"));
  }
}
