package dev.protoevents.generator;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * README's error table, read from README.md itself: every tag it lists is produced by some input,
 * and each diagnostic carries what README promises ("the file, line, column, element, a stable tag
 * and a fix"). A tag added to README without a case here fails {@link
 * #everyTagInTheReadmeTableHasAnInputThatProducesIt}.
 */
class ErrorCatalogueTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String HEADER =
      "syntax = \"proto3\";\npackage shop;\nimport \"protoevents/options.proto\";\n";
  private static final String ORDER =
      "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n}\n";

  /**
   * Tags whose diagnostics fall short of README's promise today, with what they lack. {@link
   * #knownGapsStillLackWhatTheyLack} fails once one is fixed, so the list cannot go stale.
   */
  private static final Map<String, String> KNOWN_GAPS =
      Map.of(
          "syntax-error", "no element and no fix (protoc's own message)",
          "unknown-import",
              "no element (protoc's own message), plus a line naming only the missing file",
          "protoc-error", "no element and no fix (protoc's own message)",
          "ambiguous-resource", "no .proto file, line or element (a configuration problem)",
          "invalid-namespace", "no .proto file, line or element (a configuration problem)");

  /** One input per tag: the .proto files, the configured resources and the namespace. */
  record Case(Map<String, String> files, List<String> resources, String namespace) {
    static Case of(String orderProto) {
      return new Case(Map.of("shop/order.proto", orderProto), List.of(), "io.restorecommerce");
    }
  }

  private static final Map<String, Case> CASES = cases();

  private static Map<String, Case> cases() {
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("syntax-error", Case.of(HEADER + "message Order {\n  string id = 1\n}\n"));
    cases.put("unknown-import", Case.of(HEADER + "import \"shop/missing.proto\";\n" + ORDER));
    // protoc understands the syntax but rejects the meaning: a field number used twice
    cases.put(
        "protoc-error",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = {};\n  string id = 1;\n"
                + "  string name = 1;\n}\n"));
    cases.put(
        "event-not-past-tense",
        Case.of(
            HEADER
                + ORDER
                + "message CreateOrder {\n  option (protoevents.event) = { resource: \"Order\" };\n"
                + "  string order_id = 1;\n}\n"));
    cases.put(
        "event-named-after-service",
        Case.of(
            HEADER
                + ORDER
                + "message OrderServiceUpdated {\n"
                + "  option (protoevents.event) = { resource: \"Order\" };\n"
                + "  string order_id = 1;\n}\n"));
    cases.put(
        "resource-named-after-service",
        Case.of(
            HEADER
                + "message OrderService {\n  option (protoevents.resource) = {};\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "topic-pattern",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = { topic: \"orders\" };\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "invalid-topic-name",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = { topic: \"orders/eu\" };\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "topic-clash",
        Case.of(
            HEADER
                + ORDER
                + "message Purchase {\n  option (protoevents.resource) = { name: \"order\" };\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "missing-key-field",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = {};\n"
                + "  string number = 1;\n}\n"));
    cases.put(
        "key-field-type",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = {};\n"
                + "  repeated string id = 1;\n}\n"));
    cases.put(
        "unknown-resource",
        Case.of(
            HEADER
                + ORDER
                + "message InvoiceSent {\n"
                + "  option (protoevents.event) = { resource: \"Invoice\" };\n"
                + "  string invoice_id = 1;\n}\n"));
    cases.put(
        "missing-event-resource",
        Case.of(
            HEADER
                + ORDER
                + "message OrderShipped {\n"
                + "  option (protoevents.event) = { key_field: \"order_id\" };\n"
                + "  string order_id = 1;\n}\n"));
    // a configured simple name that two packages define
    cases.put(
        "ambiguous-resource",
        new Case(
            Map.of(
                "shop/order.proto",
                "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  string id = 1;\n}\n",
                "billing/order.proto",
                "syntax = \"proto3\";\npackage billing;\nmessage Order {\n  string id = 1;\n}\n"),
            List.of("Order"),
            "io.restorecommerce"));
    cases.put(
        "name-clash",
        Case.of(
            HEADER
                + ORDER
                + "message OrderCreated {\n"
                + "  option (protoevents.event) = { resource: \"Order\" };\n"
                + "  string order_id = 1;\n}\n"));
    cases.put(
        "compacted-event-log",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = { cleanup_policy: \"compact\" };\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "event-on-full-state-resource",
        Case.of(
            HEADER
                + "message Price {\n  option (protoevents.resource) = {"
                + " cleanup_policy: \"compact\" full_state_only: true };\n  string id = 1;\n}\n"
                + "message PriceLowered {\n  option (protoevents.event) = { resource: \"Price\" };\n"
                + "  string price_id = 1;\n}\n"));
    cases.put(
        "resource-and-event",
        Case.of(
            HEADER
                + ORDER
                + "message OrderPaid {\n  option (protoevents.resource) = {};\n"
                + "  option (protoevents.event) = { resource: \"Order\" };\n  string id = 1;\n}\n"));
    cases.put(
        "invalid-topic-setting",
        Case.of(
            HEADER
                + "message Order {\n  option (protoevents.resource) = { partitions: -2 };\n"
                + "  string id = 1;\n}\n"));
    cases.put(
        "empty-naming-exemption",
        Case.of(
            HEADER
                + "message OrderService {\n  option (protoevents.resource) = {};\n"
                + "  option (protoevents.naming_exemption) = \"\";\n  string id = 1;\n}\n"));
    cases.put(
        "invalid-namespace",
        new Case(Map.of("shop/order.proto", HEADER + ORDER), List.of(), "Io.Shop!"));
    return cases;
  }

  /** The tags in the first column of README's table under "Naming rules and build errors". */
  static List<String> readmeTags() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int section = lines.indexOf("## Naming rules and build errors");
    assertTrue(section >= 0, "README has no 'Naming rules and build errors' section");
    List<String> tags = new ArrayList<>();
    Pattern code = Pattern.compile("`([a-z-]+)`");
    boolean inTable = false;
    for (String line : lines.subList(section + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| tag |")) {
        inTable = true;
        continue;
      }
      if (inTable && !line.startsWith("|")) {
        break;
      }
      if (inTable && !line.startsWith("|---")) {
        Matcher matcher = code.matcher(line.split("\\|")[1]);
        while (matcher.find()) {
          tags.add(matcher.group(1));
        }
      }
    }
    return tags;
  }

  static Stream<String> tagsWithoutGaps() throws IOException {
    return readmeTags().stream().filter(tag -> !KNOWN_GAPS.containsKey(tag));
  }

  private static Diagnostic diagnosticFor(String tag, Path dir) {
    Case input = CASES.get(tag);
    assertTrue(input != null, () -> "no input in ErrorCatalogueTest produces " + tag);
    Path src = TestProjects.sources(dir, input.files());
    BuildRequest request =
        new BuildRequest(
            TestProjects.protoc(),
            src,
            List.of(),
            Optional.of(dir.resolve("out/messages")),
            dir.resolve("out/events"),
            dir.resolve("work"),
            input.namespace(),
            input.resources());
    BuildFailedException failure =
        assertThrows(BuildFailedException.class, () -> new ProtoeventsBuild().run(request));
    System.out.println(tag + ":\n" + failure.getMessage());
    assertFalse(Files.exists(dir.resolve("out/events")), "event output was written");
    // the most complete one: protoc also reports an unknown import against the missing file
    return failure.diagnostics().stream()
        .filter(d -> d.tag().equals(tag))
        .sorted(java.util.Comparator.comparing((Diagnostic d) -> !d.file().endsWith("order.proto")))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no [protoevents:" + tag + "] in:\n" + failure.getMessage()));
  }

  @Test
  void everyReadmeTagHasACauseAndAFixOnTheErrorsPage() throws IOException {
    // Given every tag of README's error tables (rules, output, and evolution once it is there)
    List<String> lines = Files.readAllLines(README);
    Set<String> tags = new TreeSet<>(readmeTags());
    Pattern code = Pattern.compile("`([a-z-]+)`");
    for (String header : List.of("| output tag | cause | fix |", "| evolution tag | when |")) {
      int at = lines.indexOf(header);
      if (at < 0) {
        assertFalse(header.startsWith("| output"), "README has no output tag table");
        continue;
      }
      for (String line : lines.subList(at + 2, lines.size())) {
        if (!line.startsWith("|")) {
          break;
        }
        Matcher matcher = code.matcher(line.split("\\|")[1]);
        while (matcher.find()) {
          tags.add(matcher.group(1));
        }
      }
    }

    // When docs/errors.md is read section by section
    String page = Files.readString(Path.of("..", "docs", "errors.md"));
    Map<String, String> sections = new LinkedHashMap<>();
    for (String section : page.split("\n### ")) {
      Matcher heading = Pattern.compile("^`([a-z-]+)`\n").matcher(section);
      if (heading.find()) {
        sections.put(heading.group(1), section.split("\n## ")[0]);
      }
    }

    // Then each tag has its section, and every section (the page also lists the tags of the protoc
    // plugin mode) has a cause and a fix
    Set<String> missing = new TreeSet<>(tags);
    missing.removeAll(sections.keySet());
    assertEquals(Set.of(), missing);
    sections.forEach(
        (tag, section) ->
            assertTrue(
                section.contains("**Cause.** ") && section.contains("**Fix.** "),
                () -> tag + " lacks a cause or a fix:\n" + section));
  }

  @Test
  void everyTagInTheReadmeTableHasAnInputThatProducesIt() throws IOException {
    List<String> readme = readmeTags();
    assertEquals(21, readme.size(), () -> "README's table changed, read as " + readme);
    assertEquals(new TreeSet<>(CASES.keySet()), new TreeSet<>(readme));
  }

  @Test
  void readmesExampleLineIsWhatTheBuildPrints(@TempDir Path dir) throws IOException {
    // Given README's example diagnostic and its input, CreateOrder on line 8 of shop/order.proto
    String readme =
        Files.readAllLines(README).stream()
            .filter(line -> line.startsWith("src/main/proto/shop/order.proto:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("README shows no example diagnostic"));

    // When the build runs, Then it prints that line, the path aside
    String printed = diagnosticFor("event-not-past-tense", dir).format();
    String position = "shop/order.proto:8:1: ";
    assertTrue(readme.startsWith("src/main/proto/" + position), readme);
    assertEquals(
        readme.substring(readme.indexOf(position)), printed.substring(printed.indexOf(position)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readmeTags")
  void everyTagIsReportedWithItsFileAndTagOnOneLine(String tag, @TempDir Path dir) {
    // Given the input for the tag; When the build runs
    Diagnostic diagnostic = diagnosticFor(tag, dir);

    // Then the line names where the problem is (a .proto file, or the configuration) and the tag
    String line = diagnostic.format();
    assertFalse(line.contains("\n"), () -> "not one line: " + line);
    assertTrue(line.contains("[protoevents:" + tag + "] "), line);
    assertTrue(
        diagnostic.file().endsWith("order.proto")
            || diagnostic.file().startsWith("protoevents configuration ("),
        () -> "names neither a .proto file nor the configuration: " + line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagsWithoutGaps")
  void diagnosticsNameLineColumnElementAndFix(String tag, @TempDir Path dir) {
    Diagnostic diagnostic = diagnosticFor(tag, dir);
    String line = diagnostic.format();
    assertAll(
        () -> assertTrue(diagnostic.file().endsWith("order.proto"), () -> "file: " + line),
        () -> assertTrue(diagnostic.line() > 0, () -> "line: " + line),
        () -> assertTrue(diagnostic.column() > 0, () -> "column: " + line),
        () ->
            assertTrue(
                diagnostic.element().matches("(message|field) shop\\.\\w+(\\.\\w+)?"),
                () -> "element: " + line),
        () -> assertTrue(line.contains(diagnostic.element() + ": "), () -> "element: " + line),
        () -> assertFalse(diagnostic.fix().isBlank(), () -> "fix: " + line),
        () -> assertTrue(line.endsWith(" Fix: " + diagnostic.fix()), () -> "Fix: " + line));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownGaps")
  void knownGapsStillLackWhatTheyLack(String tag, @TempDir Path dir) {
    // When one of these is fixed, move its tag out of KNOWN_GAPS so the full check covers it
    Diagnostic diagnostic = diagnosticFor(tag, dir);
    boolean complete =
        diagnostic.file().endsWith(".proto")
            && diagnostic.line() > 0
            && !diagnostic.element().isEmpty()
            && !diagnostic.fix().isEmpty();
    assertFalse(complete, () -> tag + " is complete now; remove it from KNOWN_GAPS");
  }

  static Stream<String> knownGaps() {
    return new TreeSet<>(KNOWN_GAPS.keySet()).stream();
  }

  /** A guard that the known gaps are all README tags. */
  @Test
  void knownGapsAreReadmeTags() throws IOException {
    Set<String> readme = Set.copyOf(readmeTags());
    assertTrue(readme.containsAll(KNOWN_GAPS.keySet()), () -> KNOWN_GAPS + " vs " + readme);
  }
}
