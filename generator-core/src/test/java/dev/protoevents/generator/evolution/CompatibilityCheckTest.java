package dev.protoevents.generator.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.generator.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pairs of versions of one .proto file, compiled by the real protoc: the baseline (read back from a
 * descriptor set file, as the plugin reads one) against a changed copy. Each breaking change is
 * reported with its tag, where it is and what changed; the compatible changes are not reported.
 */
class CompatibilityCheckTest {
  /** The baseline: two resources, one domain event, a nested message and an enum. */
  static final String V1 =
      """
      syntax = "proto3";
      package shop;
      import "protoevents/options.proto";
      option java_multiple_files = true;

      enum Status {
        STATUS_UNSPECIFIED = 0;
        STATUS_OPEN = 1;
        STATUS_PAID = 2;
      }

      message Money {
        string currency = 1;
        int64 units = 2;
      }

      message Order {
        option (protoevents.resource) = { partitions: 3 };
        string id = 1;
        Status status = 2;
        Money total = 3;
        repeated string item_ids = 4;
        optional string note = 5;
        string customer_id = 6;
      }

      message OrderShipped {
        option (protoevents.event) = { resource: "Order" };
        string order_id = 1;
        string carrier = 2;
      }

      message Customer {
        option (protoevents.resource) = {};
        string id = 1;
        string name = 2;
      }
      """;

  @TempDir static Path work;
  private static Schema baseline;

  @BeforeAll
  static void compileBaseline() throws Exception {
    Schema compiled = compile("v1", V1);
    Path file = work.resolve("baseline.pb");
    compiled.writeTo(file);
    baseline = Schema.readDescriptorSet(file);
  }

  static Path protoc() {
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(Files.exists(protoc), "run through Maven: no protoc at " + protoc);
    protoc.toFile().setExecutable(true);
    return protoc;
  }

  private static Schema compile(String version, String proto) throws Exception {
    Path src = work.resolve(version).resolve("src");
    Files.createDirectories(src.resolve("shop"));
    Files.writeString(src.resolve("shop/order.proto"), proto);
    return Schema.compile(protoc(), src, List.of(), work.resolve(version).resolve("work"));
  }

  private static int counter;

  private static List<Diagnostic> changeTo(String proto) throws Exception {
    Schema current = compile("v" + (++counter + 1), proto);
    List<Diagnostic> found =
        new CompatibilityCheck("io.restorecommerce", List.of()).compare(baseline, current);
    found.forEach(d -> System.out.println(d.format()));
    return found;
  }

  private static Set<String> tags(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::tag).collect(Collectors.toCollection(TreeSet::new));
  }

  private static UnaryOperator<String> append(String text) {
    return s -> s + text;
  }

  private static UnaryOperator<String> replace(String from, String to) {
    return s -> {
      assertTrue(s.contains(from), () -> "the baseline has no '" + from + "'");
      return s.replace(from, to);
    };
  }

  /** 1-based line of the first line of {@code proto} that contains {@code text}. */
  private static int lineOf(String proto, String text) {
    List<String> lines = Arrays.asList(proto.split("\n", -1));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  /** One breaking change per tag, and the element the finding must name. */
  static Stream<Arguments> breakingChanges() {
    return Stream.of(
        Arguments.of(
            "field-removed",
            replace("  string customer_id = 6;\n", ""),
            "field shop.Order.customer_id"),
        Arguments.of(
            "field-removed",
            replace("  string customer_id = 6;\n", "  reserved 6;\n"),
            "field shop.Order.customer_id"),
        Arguments.of(
            "field-renumbered",
            replace("string customer_id = 6;", "string customer_id = 7;"),
            "field shop.Order.customer_id"),
        Arguments.of(
            "field-renamed",
            replace("string customer_id = 6;", "string buyer_id = 6;"),
            "field shop.Order.buyer_id"),
        Arguments.of(
            "field-type-changed",
            replace("string customer_id = 6;", "int64 customer_id = 6;"),
            "field shop.Order.customer_id"),
        Arguments.of(
            "field-type-changed",
            replace("int64 units = 2;", "double units = 2;"),
            "field shop.Money.units"),
        Arguments.of(
            "field-cardinality-changed",
            replace("string carrier = 2;", "repeated string carrier = 2;"),
            "field shop.OrderShipped.carrier"),
        Arguments.of(
            "field-cardinality-changed",
            replace("optional string note = 5;", "string note = 5;"),
            "field shop.Order.note"),
        Arguments.of(
            "field-oneof-changed",
            replace(
                "  string customer_id = 6;\n",
                "  oneof buyer {\n    string customer_id = 6;\n    string guest_email = 7;\n  }\n"),
            "field shop.Order.customer_id"),
        Arguments.of(
            "event-removed",
            replace(
                "message OrderShipped {\n"
                    + "  option (protoevents.event) = { resource: \"Order\" };\n"
                    + "  string order_id = 1;\n"
                    + "  string carrier = 2;\n}\n",
                ""),
            "message shop.OrderShipped"),
        Arguments.of(
            "resource-removed",
            replace(
                "message Customer {\n"
                    + "  option (protoevents.resource) = {};\n"
                    + "  string id = 1;\n"
                    + "  string name = 2;\n}\n",
                ""),
            "message shop.Customer"),
        Arguments.of(
            "topic-renamed",
            replace(
                "message Customer {\n  option (protoevents.resource) = {};",
                "message Customer {\n  option (protoevents.resource) = { name: \"client\" };"),
            "message shop.Customer"),
        Arguments.of(
            "message-renamed",
            replace(
                "message Customer {\n  option (protoevents.resource) = {};",
                "message Client {\n  option (protoevents.resource) = { name: \"customer\" };"),
            "message shop.Client"),
        Arguments.of(
            "event-type-renamed",
            replace("message OrderShipped {", "message OrderDispatched {"),
            "message shop.OrderDispatched"),
        Arguments.of(
            "event-moved",
            replace(
                "{ resource: \"Order\" }", "{ resource: \"Customer\" key_field: \"order_id\" }"),
            "message shop.OrderShipped"),
        Arguments.of(
            "key-changed",
            replace("{ resource: \"Order\" }", "{ resource: \"Order\" key_field: \"carrier\" }"),
            "message shop.OrderShipped"),
        Arguments.of(
            "partitions-changed",
            replace("{ partitions: 3 }", "{ partitions: 6 }"),
            "message shop.Order"),
        Arguments.of(
            "enum-value-removed",
            replace("  STATUS_PAID = 2;\n", ""),
            "enum value shop.Status.STATUS_PAID"),
        Arguments.of(
            "enum-value-renumbered",
            replace("STATUS_PAID = 2;", "STATUS_PAID = 3;"),
            "enum value shop.Status.STATUS_PAID"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("breakingChanges")
  void flagsEachBreakingChangeWithItsTagFileLineElementAndFix(
      String tag, UnaryOperator<String> change, String element) throws Exception {
    // Given the baseline and a copy with one breaking change
    String changed = change.apply(V1);

    // When the two are compared
    List<Diagnostic> found = changeTo(changed);

    // Then exactly that change is reported, on one line naming file, line, element and a fix
    assertEquals(Set.of(tag), tags(found), () -> found.toString());
    Diagnostic finding = found.get(0);
    String line = finding.format();
    assertEquals(element, finding.element(), line);
    assertTrue(finding.line() > 0 && finding.column() > 0, () -> "no position: " + line);
    assertTrue(finding.file().endsWith("shop/order.proto"), line);
    assertTrue(line.contains("[protoevents:" + tag + "] " + element + ": "), line);
    assertTrue(!finding.fix().isBlank() && line.endsWith(" Fix: " + finding.fix()), line);
  }

  @Test
  void aRemovalPointsAtTheBaselineAndAChangeAtTheCurrentFile() throws Exception {
    // Given one field removed and another retyped
    String changed =
        V1.replace("  string customer_id = 6;\n", "")
            .replace("string name = 2;", "bytes name = 2;");

    // When compared
    List<Diagnostic> found = changeTo(changed);

    // Then the removal names the baseline file and the line the field had there; the type change
    // names the current file and the line the field has now
    Diagnostic removed = only(found, "field-removed");
    assertEquals("baseline.pb!/shop/order.proto", removed.file());
    assertEquals(lineOf(V1, "customer_id = 6"), removed.line());
    assertTrue(removed.message().contains("string customer_id = 6"), removed.message());
    assertTrue(removed.fix().contains("reserved 6; reserved \"customer_id\";"), removed.fix());
    Diagnostic retyped = only(found, "field-type-changed");
    assertEquals(
        work.resolve("v" + (counter + 1)).resolve("src/shop/order.proto").toString(),
        retyped.file());
    assertEquals(lineOf(changed, "bytes name = 2"), retyped.line());
    assertTrue(retyped.message().contains("from string to bytes"), retyped.message());
  }

  @Test
  void aRenumberedFieldIsStillComparedInside() throws Exception {
    // Given the status field renumbered and its enum without STATUS_PAID
    String changed =
        V1.replace("Status status = 2;", "Status status = 8;").replace("  STATUS_PAID = 2;\n", "");

    // Then both are reported
    assertEquals(Set.of("field-renumbered", "enum-value-removed"), tags(changeTo(changed)));
  }

  @Test
  void aFileMovedToASharedModuleIsNoRemovalButADeletedOneIs() throws Exception {
    // Given a baseline (a descriptor set file, whose own files are not recorded) with a second
    // file that declares a resource
    String tenant =
        "syntax = \"proto3\";\npackage common;\nimport \"protoevents/options.proto\";\n"
            + "message Tenant {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";
    Path v1 = work.resolve("shared-v1/src");
    write(v1, "shop/order.proto", V1);
    write(v1, "common/tenant.proto", tenant);
    Schema compiled = Schema.compile(protoc(), v1, List.of(), work.resolve("shared-v1/work"));
    compiled.writeTo(work.resolve("shared-v1/baseline.pb"));
    Schema shared = Schema.readDescriptorSet(work.resolve("shared-v1/baseline.pb"));
    CompatibilityCheck check = new CompatibilityCheck("io.restorecommerce", List.of());

    // When the file moves to an import directory (another module owns it now), Then nothing is
    // reported; When it is deleted, Then its resource is reported removed
    Path v2 = work.resolve("shared-v2/src");
    write(
        v2,
        "shop/order.proto",
        V1.replace(
            "option java_multiple_files = true;",
            "import \"common/tenant.proto\";\noption java_multiple_files = true;"));
    Path imports = work.resolve("shared-v2/imports");
    write(imports, "common/tenant.proto", tenant);
    Schema moved = Schema.compile(protoc(), v2, List.of(imports), work.resolve("shared-v2/work"));
    assertEquals(List.of(), check.compare(shared, moved));

    Path v3 = work.resolve("shared-v3/src");
    write(v3, "shop/order.proto", V1);
    Schema deleted = Schema.compile(protoc(), v3, List.of(), work.resolve("shared-v3/work"));
    List<Diagnostic> found = check.compare(shared, deleted);
    assertEquals(Set.of("resource-removed"), tags(found), found::toString);
    assertEquals("baseline.pb!/common/tenant.proto", found.get(0).file());
  }

  private static void write(Path root, String file, String content) throws IOException {
    Path target = root.resolve(file);
    Files.createDirectories(target.getParent());
    Files.writeString(target, content);
  }

  private static Diagnostic only(List<Diagnostic> found, String tag) {
    List<Diagnostic> matching = found.stream().filter(d -> d.tag().equals(tag)).toList();
    assertEquals(1, matching.size(), () -> tag + " in " + found);
    return matching.get(0);
  }

  static Stream<Arguments> compatibleChanges() {
    return Stream.of(
        Arguments.of("nothing changed", UnaryOperator.<String>identity()),
        Arguments.of(
            "a new optional field",
            replace(
                "string customer_id = 6;",
                "string customer_id = 6;\n  optional string coupon = 7;")),
        Arguments.of(
            "a new field in a nested message",
            replace("int64 units = 2;", "int64 units = 2;\n  int32 nanos = 3;")),
        Arguments.of(
            "a new event",
            append(
                "message OrderCancelled {\n"
                    + "  option (protoevents.event) = { resource: \"Order\" };\n"
                    + "  string order_id = 1;\n}\n")),
        Arguments.of(
            "a new resource",
            append(
                "message Invoice {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n")),
        Arguments.of(
            "a field made reserved",
            replace("  string customer_id = 6;\n", "  reserved 6;\n  reserved \"customer_id\";\n")),
        Arguments.of(
            "an enum value made reserved",
            replace("  STATUS_PAID = 2;\n", "  reserved 2;\n  reserved \"STATUS_PAID\";\n")),
        Arguments.of(
            "a new enum value",
            replace("STATUS_PAID = 2;", "STATUS_PAID = 2;\n  STATUS_SHIPPED = 3;")),
        Arguments.of(
            "presence added", replace("string carrier = 2;", "optional string carrier = 2;")),
        Arguments.of(
            "a message that is no event changed",
            append("message Note {\n  string text = 1;\n}\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compatibleChanges")
  void passesCompatibleChanges(String name, UnaryOperator<String> change) throws Exception {
    assertEquals(List.of(), changeTo(change.apply(V1)));
  }

  @Test
  void everyKindIsFlaggedByACase() {
    Set<String> covered = new TreeSet<>();
    breakingChanges().forEach(a -> covered.add((String) a.get()[0]));
    Set<String> kinds = new TreeSet<>();
    for (BreakingChange kind : BreakingChange.values()) {
      kinds.add(kind.tag());
    }
    assertEquals(kinds, covered);
  }

  /**
   * README's table of evolution tags lists every {@link BreakingChange}, and nothing else, so the
   * page users search is complete.
   */
  @Test
  void readmeListsEveryTag() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("| evolution tag |")) {
        header = i;
      }
    }
    assertTrue(header >= 0, "README has no '| evolution tag |' table");
    Set<String> readme = new TreeSet<>();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      rows.add(line);
      java.util.regex.Matcher tag =
          java.util.regex.Pattern.compile("`([a-z-]+)`").matcher(line.split("\\|")[1]);
      while (tag.find()) {
        readme.add(tag.group(1));
      }
    }
    Set<String> kinds = new TreeSet<>();
    for (BreakingChange kind : BreakingChange.values()) {
      kinds.add(kind.tag());
    }
    assertEquals(kinds, readme, rows::toString);
  }
}
