package dev.protoevents.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input fails the build with the file, the line and a stable tag, and leaves no
 * generated output behind. Each case runs the real protoc.
 */
class BadInputTest {
  private static final String HEADER =
      "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n";
  private static final String ORDER =
      "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";

  /** name, file contents, expected tag, expected "file:line" in the message. */
  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad(
            "syntax error",
            HEADER + "message Order {\n  string id = 1\n}\n",
            "syntax-error",
            "order.proto:6:1"),
        bad(
            "unknown import",
            HEADER + "import \"shop/missing.proto\";\n" + ORDER,
            "unknown-import",
            "order.proto:4"),
        bad(
            "missing key field",
            HEADER
                + "message Order {\n  option (protoevents.resource) = {};\n  string number = 1;\n}\n",
            "missing-key-field",
            "order.proto:4:1"),
        bad(
            "key field of wrong type",
            HEADER
                + "message Order {\n  option (protoevents.resource) = {};\n  repeated string id = 1;\n}\n",
            "key-field-type",
            "order.proto:6:3"),
        bad(
            "present-tense event",
            HEADER
                + ORDER
                + "message OrderUpdate {\n  option (protoevents.event) = { resource: \"Order\" };\n  string order_id = 1;\n}\n",
            "event-not-past-tense",
            "order.proto:8:1"),
        bad(
            "imperative event",
            HEADER
                + ORDER
                + "message CreateOrder {\n  option (protoevents.event) = { resource: \"Order\" };\n  string order_id = 1;\n}\n",
            "event-not-past-tense",
            "order.proto:8:1"),
        bad(
            "service-named event",
            HEADER
                + ORDER
                + "message OrderServiceUpdated {\n  option (protoevents.event) = { resource: \"Order\" };\n  string order_id = 1;\n}\n",
            "event-named-after-service",
            "order.proto:8:1"),
        bad(
            "event naming an unknown resource",
            HEADER
                + ORDER
                + "message InvoiceSent {\n  option (protoevents.event) = { resource: \"Invoice\" };\n  string invoice_id = 1;\n}\n",
            "unknown-resource",
            "order.proto:9:"),
        bad(
            "event naming a message that is no resource",
            HEADER
                + ORDER
                + "message Invoice { string id = 1; }\nmessage InvoiceSent {\n  option (protoevents.event) = { resource: \"Invoice\" };\n  string invoice_id = 1;\n}\n",
            "unknown-resource",
            "order.proto:10:"),
        bad(
            "event without resource",
            HEADER
                + ORDER
                + "message OrderShipped {\n  option (protoevents.event) = { key_field: \"order_id\" };\n  string order_id = 1;\n}\n",
            "missing-event-resource",
            "order.proto:9:"),
        bad(
            "topic pattern violation",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { topic: \"orders\" };\n  string id = 1;\n}\n",
            "topic-pattern",
            "order.proto:5:"),
        bad(
            "resource name not snake_case",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { name: \"Orders\" };\n  string id = 1;\n}\n",
            "topic-pattern",
            "order.proto:5:"),
        bad(
            "invalid topic name",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { topic: \"orders/eu\" };\n  string id = 1;\n}\n",
            "invalid-topic-name",
            "order.proto:5:"),
        bad(
            "domain event clashing with a resource event",
            HEADER
                + ORDER
                + "message OrderCreated {\n  option (protoevents.event) = { resource: \"Order\" };\n  string order_id = 1;\n}\n",
            "name-clash",
            "order.proto:8:1"),
        bad(
            "generated class clashing with a protoc class",
            "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\noption java_multiple_files = true;\n"
                + ORDER
                + "message OrderView { string id = 1; }\n",
            "name-clash",
            "order.proto:5:1"),
        bad(
            "two resources on one topic",
            HEADER
                + ORDER
                + "message Purchase {\n  option (protoevents.resource) = { name: \"order\" };\n  string id = 1;\n}\n",
            "topic-clash",
            "order.proto:8:1"),
        bad(
            "resource and event at once",
            HEADER
                + ORDER
                + "message OrderPaid {\n  option (protoevents.resource) = {};\n  option (protoevents.event) = { resource: \"Order\" };\n  string id = 1;\n}\n",
            "resource-and-event",
            "order.proto:8:1"),
        bad(
            "invalid partitions",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { partitions: -2 };\n  string id = 1;\n}\n",
            "invalid-topic-setting",
            "order.proto:5:"),
        bad(
            "explicit zero partitions (unset means 1)",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { partitions: 0 };\n  string id = 1;\n}\n",
            "invalid-topic-setting",
            "order.proto:5:"),
        bad(
            "explicit zero replication factor (unset means the broker's default)",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { replication_factor: 0 };\n  string id = 1;\n}\n",
            "invalid-topic-setting",
            "order.proto:5:"),
        bad(
            "empty naming exemption",
            HEADER
                + "message OrderService {\n  option (protoevents.resource) = {};\n  option (protoevents.naming_exemption) = \"\";\n  string id = 1;\n}\n",
            "empty-naming-exemption",
            "order.proto:6:"),
        bad(
            "compacted resource topic",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { cleanup_policy: \"compact\" };\n  string id = 1;\n}\n",
            "compacted-event-log",
            "order.proto:5:"),
        bad(
            "compacted and deleted resource topic",
            HEADER
                + "message Order {\n  option (protoevents.resource) = { cleanup_policy: \"delete,compact\" };\n  string id = 1;\n}\n",
            "compacted-event-log",
            "order.proto:5:"),
        bad(
            "compaction set in topic_config",
            HEADER
                + "message Order {\n  option (protoevents.resource) = {\n    partitions: 2\n"
                + "    topic_config: { key: \"cleanup.policy\" value: \"compact\" }\n  };\n  string id = 1;\n}\n",
            "compacted-event-log",
            "order.proto:5:"),
        bad(
            "domain event of a full-state-only resource",
            HEADER
                + "message Price {\n  option (protoevents.resource) = { cleanup_policy: \"compact\" full_state_only: true };\n  string id = 1;\n}\n"
                + "message PriceLowered {\n  option (protoevents.event) = { resource: \"Price\" };\n  string price_id = 1;\n}\n",
            "event-on-full-state-resource",
            "order.proto:9:"),
        bad(
            "service-named resource",
            HEADER
                + "message OrderService {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n",
            "resource-named-after-service",
            "order.proto:4:1"));
  }

  private static Arguments bad(String name, String proto, String tag, String position) {
    return Arguments.of(name, proto, tag, position);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputFailsWithFileLineAndTagAndWritesNothing(
      String name, String proto, String tag, String position, @TempDir Path dir) throws Exception {
    // Given a project whose only .proto file has the defect
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", proto));

    // When the build runs
    BuildFailedException failure =
        assertThrows(
            BuildFailedException.class,
            () -> new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of())));

    // Then it names the file, line and tag, and no generated output exists
    String message = failure.getMessage();
    System.out.println(name + ":\n" + message);
    assertTrue(
        message.contains("[protoevents:" + tag + "]"),
        () -> "tag " + tag + " missing in:\n" + message);
    assertTrue(
        message.contains(position), () -> "position " + position + " missing in:\n" + message);
    assertTrue(
        message.contains(src.resolve("shop/order.proto").toString()),
        () -> "full path missing in:\n" + message);
    assertFalse(Files.exists(dir.resolve("out/events")), "event output was written");
    assertFalse(Files.exists(dir.resolve("out/messages")), "message output was written");
  }

  @Test
  void everyViolationOfARunIsReportedTogether(@TempDir Path dir) {
    // Given two files with three different violations
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "shop/order.proto",
        HEADER
            + ORDER
            + "message CreateOrder {\n  option (protoevents.event) = { resource: \"Order\" };\n  string order_id = 1;\n}\n");
    files.put(
        "shop/invoice.proto",
        HEADER
            + "message Invoice {\n  option (protoevents.resource) = { topic: \"invoices\" };\n  string number = 1;\n}\n");
    Path src = TestProjects.sources(dir, files);

    // When the build runs
    BuildFailedException failure =
        assertThrows(
            BuildFailedException.class,
            () -> new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of())));

    // Then all of them are in one failure, sorted by file
    List<String> tags = failure.diagnostics().stream().map(Diagnostic::tag).toList();
    assertEquals(
        List.of("missing-key-field", "topic-pattern", "event-not-past-tense"),
        tags,
        failure.getMessage());
  }

  @Test
  void failedBuildKeepsThePreviousCompleteOutput(@TempDir Path dir) throws Exception {
    // Given a successful build
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", HEADER + ORDER));
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));
    Path publisher = dir.resolve("out/events/shop/OrderPublisher.java");
    String before = Files.readString(publisher);

    // When the proto breaks and the build runs again
    Files.writeString(src.resolve("shop/order.proto"), HEADER + "message Order {\n");
    assertThrows(
        BuildFailedException.class,
        () -> new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of())));

    // Then the previous output is untouched, not half replaced
    assertEquals(before, Files.readString(publisher));
    assertFalse(Files.exists(dir.resolve("work/staging")), "staging directory left behind");
  }

  @Test
  void unknownConfiguredResourceIsAConfigurationError(@TempDir Path dir) {
    Path src = TestProjects.sources(dir, Map.of("shop/order.proto", HEADER + ORDER));
    BuildFailedException failure =
        assertThrows(
            BuildFailedException.class,
            () ->
                new ProtoeventsBuild()
                    .run(TestProjects.request(dir, src, List.of("shop.Invoice"))));
    assertTrue(
        failure.getMessage().contains("[protoevents:unknown-resource]"), failure.getMessage());
    assertTrue(failure.getMessage().contains("resources: shop.Invoice"), failure.getMessage());
  }
}
