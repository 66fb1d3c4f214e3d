package dev.protoevents.runtime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.protoevents.runtime.internal.Json;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The command channel answers requests built as chassis-srv builds them ({@code CommandRequest}
 * with an {@code Any} of type_url {@code payload} and JSON bytes) with {@code CommandResponse}s
 * keyed {@code <name>Response}. The restore path against a state feed (and from Node.js) is in the
 * it module's {@code RestorecommerceInteropTest}.
 */
@EmbeddedKafkaTest
class CommandInterfaceTest {

  @Test
  void resetHealthCheckVersionAndABadRestoreAreAnsweredOnTheCommandTopic(EmbeddedKafka kafka)
      throws Exception {
    // Given a service's command channel with a reset action
    String topic = EmbeddedKafka.uniqueName("commands");
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    AtomicInteger resets = new AtomicInteger();
    try (CommandInterface commands =
        CommandInterface.builder(config, "java-svc")
            .topic(topic)
            .version("2.1.0")
            .onReset(resets::incrementAndGet)
            .start()) {

      // When four commands arrive, one of them for another service, and one bad restore
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (String[] command :
            new String[][] {
              {"resetCommand", "reset", "{}"},
              {"healthCheckCommand", "health_check", "{\"service\":\"another-srv\"}"},
              {"healthCheckCommand", "health_check", "{\"service\":\"java-svc\"}"},
              {"versionCommand", "version", ""},
              {"restoreCommand", "restore", "{\"data\":[]}"},
            }) {
          producer
              .send(new ProducerRecord<>(topic, command[0], request(command[1], command[2])))
              .get(30, TimeUnit.SECONDS);
        }
      }

      // Then four answers follow, in order, each naming the service
      List<String> answers = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record :
          kafka.readRecords(topic, 9, Duration.ofSeconds(30))) {
        if (record.key().endsWith("Response")) {
          answers.add(record.key() + " " + response(record.value()));
        }
      }
      assertEquals(
          List.of(
              "resetResponse [java-svc] {\"status\":\"Reset concluded successfully\"}",
              "healthCheckResponse [java-svc] {\"status\":\"SERVING\"}",
              "versionResponse [java-svc] {\"version\":\"2.1.0\",\"java\":\""
                  + System.getProperty("java.version")
                  + "\"}",
              "restoreResponse [java-svc] {\"error\":{\"code\":400,\"message\":\"Invalid payload"
                  + " for restore command\"}}"),
          answers);
      assertEquals(1, resets.get());
    }
  }

  /** A CommandRequest as chassis-srv writes it: name = 1, payload = 2 (Any "payload", JSON). */
  private static byte[] request(String name, String json) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(1, name);
    if (!json.isEmpty()) {
      out.writeMessage(
          2,
          Any.newBuilder().setTypeUrl("payload").setValue(ByteString.copyFromUtf8(json)).build());
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** "[services] payload JSON" of a CommandResponse (services = 1, payload = 2). */
  private static String response(byte[] value) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(value);
    List<String> services = new ArrayList<>();
    String json = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag >>> 3 == 1) {
        services.add(in.readString());
      } else if (tag >>> 3 == 2) {
        Any any = Any.parseFrom(in.readBytes());
        assertEquals("payload", any.getTypeUrl());
        json = any.getValue().toString(StandardCharsets.UTF_8);
        Json.parse(json); // valid JSON
      } else {
        in.skipField(tag);
      }
    }
    return services + " " + json;
  }
}
