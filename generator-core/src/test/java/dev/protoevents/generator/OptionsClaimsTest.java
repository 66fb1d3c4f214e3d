package dev.protoevents.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's options table, the parts no other test reaches: an event names its resource by full name
 * from another package, and an event's key field is {@code <resource>_id} if present, else {@code
 * id}, unless {@code key_field} names another. Each case runs the real protoc.
 */
class OptionsClaimsTest {

  @Test
  void eventsFindTheirResourceByFullNameAndTheirKeyFieldByConvention(@TempDir Path dir)
      throws Exception {
    // Given a resource in package shop and events in package billing: one naming the resource by
    // full name with an order_id, one with only an id, one with an explicit key_field
    Path src =
        TestProjects.sources(
            dir,
            Map.of(
                "shop/order.proto",
                "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n"
                    + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n",
                "billing/events.proto",
                "syntax = \"proto3\";\npackage billing;\nimport \"protoevents/options.proto\";\n"
                    + "import \"shop/order.proto\";\n"
                    + "message OrderInvoiced {\n"
                    + "  option (protoevents.event) = { resource: \"shop.Order\" };\n"
                    + "  string id = 1;\n  string order_id = 2;\n}\n"
                    + "message OrderRefunded {\n"
                    + "  option (protoevents.event) = { resource: \"shop.Order\" };\n"
                    + "  string id = 1;\n}\n"
                    + "message OrderDisputed {\n"
                    + "  option (protoevents.event) = { resource: \"shop.Order\" key_field: \"ref\" };\n"
                    + "  string order_id = 1;\n  string ref = 2;\n}\n"));

    // When the build runs
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    // Then all three are events of shop.Order, keyed by order_id, id and ref respectively
    String topic = Files.readString(dir.resolve("out/events/shop/OrderTopic.java"));
    assertTrue(
        topic.contains("OrderInvoiced orderInvoiced)")
            && topic.contains("String key = orderInvoiced.getOrderId();"),
        topic);
    assertTrue(topic.contains("String key = orderRefunded.getId();"), topic);
    assertTrue(topic.contains("String key = orderDisputed.getRef();"), topic);
    String publisher = Files.readString(dir.resolve("out/events/shop/OrderPublisher.java"));
    assertTrue(publisher.contains(" invoiced(Events.OrderInvoiced orderInvoiced)"), publisher);
  }

  @Test
  void settingsWithPresenceKeepAnExplicitZeroAndDefaultWhenUnset(@TempDir Path dir)
      throws Exception {
    // Given a resource that sets retention_ms to 0 and leaves partitions unset
    Path src =
        TestProjects.sources(
            dir,
            Map.of(
                "shop/order.proto",
                "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n"
                    + "message Order {\n  option (protoevents.resource) = { retention_ms: 0 };\n"
                    + "  string id = 1;\n}\n"));

    // When the build runs
    new ProtoeventsBuild().run(TestProjects.request(dir, src, List.of()));

    // Then retention.ms 0 reaches the topic spec (not dropped as "unset"), and partitions is 1
    String topic = Files.readString(dir.resolve("out/events/shop/OrderTopic.java"));
    assertTrue(topic.contains(".withConfig(\"retention.ms\", \"0\")"), topic);
    assertTrue(topic.contains("TopicSpec.of(NAME, 1)"), topic);
  }
}
