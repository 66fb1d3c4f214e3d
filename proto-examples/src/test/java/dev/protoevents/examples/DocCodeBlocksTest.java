package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Every {@code ```java} and {@code ```xml} block of README.md and docs/*.md is compiled or
 * validated, so that the docs cannot rot: Java against protoevents' classes and the generated
 * example classes (javac), XML for well-formedness (a POM must also have its coordinates).
 *
 * <p>How a Java block is compiled (see docs/contributing-docs.md): a whole compilation unit (it
 * begins with {@code package}/{@code import} or declares a top-level type) as it is; a block that
 * begins with a method or field declaration as the members of a class; anything else as the
 * statements of a method, whose parameters give the names the docs use without declaring them
 * ({@link #GIVEN}). A comment {@code <!-- snippet: skip REASON -->} (or {@code unit}, {@code
 * members}, {@code statements}) on the line before the fence overrides the choice.
 */
class DocCodeBlocksTest {
  private static final Pattern FENCE = Pattern.compile("^```\\s*([\\w+-]*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*(\\w+)(.*)-->\\s*$");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+\\*?);");
  private static final Pattern TOP_LEVEL_TYPE =
      Pattern.compile(
          "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*"
              + "(?:class|interface|record|enum|@interface)\\s+(\\w+)");
  private static final Pattern UNIT_LINE =
      Pattern.compile(
          "(package|import|@|}|/\\*|\\*|(public |final |abstract |sealed |non-sealed )*"
              + "(class|interface|record|enum) )");
  private static final Pattern MEMBER_START =
      Pattern.compile(
          "^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public|protected|private|static|abstract|default)\\b.*");

  /** Names the docs use without declaring them; a statements block gets them as parameters. */
  static final List<String> GIVEN =
      List.of(
          "Map<String, Object> kafkaConfig",
          "Map<String, Object> config",
          "String servers",
          "EventPublisher publisher",
          "EventSubscriber subscriber",
          "EmbeddedKafka kafka",
          "Order order",
          "OrderView view",
          "OrderHandler handler",
          "SnapshotStore store",
          "OffsetReset reset",
          "KafkaProducer<String, byte[]> producer",
          "KafkaConsumer<String, byte[]> consumer",
          "ConsumerRecord<String, byte[]> consumerRecord",
          "Duration timeout");

  private static final List<String> WILDCARD_IMPORTS =
      List.of(
          "dev.protoevents.runtime.*",
          "dev.protoevents.runtime.envelope.*",
          "dev.protoevents.runtime.offsets.*",
          "dev.protoevents.runtime.restore.*",
          "dev.protoevents.testkit.*",
          "dev.protoevents.examples.shop.carts.*",
          "dev.protoevents.examples.shop.catalog.*",
          "dev.protoevents.examples.shop.common.*",
          "dev.protoevents.examples.shop.customers.*",
          "dev.protoevents.examples.shop.orders.*");

  private static final List<String> SINGLE_IMPORTS =
      List.of(
          "com.google.protobuf.FieldMask",
          "java.nio.file.Files",
          "java.nio.file.Path",
          "java.time.Duration",
          "java.time.Instant",
          "java.util.ArrayList",
          "java.util.HashMap",
          "java.util.List",
          "java.util.Map",
          "java.util.Optional",
          "java.util.Set",
          "java.util.concurrent.CompletableFuture",
          "java.util.concurrent.TimeUnit",
          "org.apache.kafka.clients.consumer.ConsumerRecord",
          "org.apache.kafka.clients.consumer.KafkaConsumer",
          "org.apache.kafka.clients.producer.KafkaProducer",
          "org.apache.kafka.clients.producer.RecordMetadata",
          "org.apache.kafka.common.TopicPartition",
          "org.junit.jupiter.api.Test");

  record Block(Path file, int line, String language, String marker, String code) {
    String where() {
      return file + ":" + line;
    }
  }

  @Test
  void everyJavaAndXmlBlockOfTheDocsCompilesOrParses() throws Exception {
    Path root = Path.of(System.getProperty("protoevents.repo"));
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path page : pages) {
      blocks.addAll(blocks(root, page));
    }
    List<String> problems = new ArrayList<>();
    List<Snippet> sources = new ArrayList<>();
    int java = 0;
    int xml = 0;
    for (Block block : blocks) {
      if ("skip".equals(block.marker())) {
        continue;
      }
      if (block.language().equals("xml")) {
        xml++;
        checkXml(block, problems);
      } else if (block.language().equals("java")) {
        sources.add(source(block, java++));
      }
    }
    problems.addAll(javac(sources));
    if (!problems.isEmpty()) {
      fail(
          problems.size()
              + " code blocks of the docs are broken (fix the block, or mark it as described in"
              + " docs/contributing-docs.md):\n"
              + String.join("\n", problems));
    }
    assertTrue(java >= 10 && xml >= 2, "found only " + java + " Java and " + xml + " XML blocks");
  }

  /** The fenced blocks of one page, each with the line of its first code line. */
  static List<Block> blocks(Path root, Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    Path relative = root.relativize(page);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i).strip());
      if (!open.matches()) {
        continue;
      }
      if (open.group(1).isEmpty()) {
        // a block without a language (output, properties): skip to its closing fence
        int close = i + 1;
        while (close < lines.size() && !lines.get(close).strip().equals("```")) {
          close++;
        }
        i = close;
        continue;
      }
      String language = open.group(1).toLowerCase(Locale.ROOT);
      String marker = null;
      for (int j = i - 1; j >= 0 && j >= i - 2; j--) {
        Matcher m = MARKER.matcher(lines.get(j).strip());
        if (m.matches()) {
          marker = m.group(1).toLowerCase(Locale.ROOT);
          break;
        }
        if (!lines.get(j).isBlank()) {
          break;
        }
      }
      int indent = lines.get(i).indexOf('`');
      StringBuilder code = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).strip().equals("```")) {
        String line = lines.get(j);
        code.append(
                line.length() >= indent && line.substring(0, indent).isBlank()
                    ? line.substring(indent)
                    : line.stripLeading())
            .append('\n');
        j++;
      }
      blocks.add(new Block(relative, i + 2, language, marker, code.toString()));
      i = j;
    }
    return blocks;
  }

  private static void checkXml(Block block, List<String> problems) {
    String code = block.code().strip();
    boolean document = code.startsWith("<?xml") || code.startsWith("<project");
    String text = document ? code : "<snippet>\n" + code + "\n</snippet>";
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      Element root = builder.parse(new InputSource(new StringReader(text))).getDocumentElement();
      if (root.getLocalName().equals("project")) {
        for (String required : List.of("modelVersion", "artifactId")) {
          if (root.getElementsByTagNameNS("*", required).getLength() == 0) {
            problems.add(block.where() + ": xml: a POM without <" + required + ">");
          }
        }
      }
    } catch (Exception e) {
      int shift = document ? 0 : 1;
      String message = e.getMessage();
      if (e instanceof org.xml.sax.SAXParseException parse) {
        int line = block.line() + parse.getLineNumber() - 1 - shift;
        problems.add(block.file() + ":" + line + ": xml: " + message);
      } else {
        problems.add(block.where() + ": xml: " + message);
      }
    }
  }

  /** A Java block as javac sees it: its source, and where the block's first line is in it. */
  record Snippet(Block block, JavaFileObject file, int firstCodeLine) {}

  /** The source javac compiles for one Java block (the {@code index}-th of all pages). */
  static Snippet source(Block block, int index) {
    String code = block.code();
    String kind = block.marker() != null ? block.marker() : guessKind(code);
    Set<String> ownImports = new LinkedHashSet<>();
    Matcher imports = IMPORT.matcher(code);
    while (imports.find()) {
      ownImports.add(imports.group(0));
    }
    String body = IMPORT.matcher(code).replaceAll("");
    StringBuilder source = new StringBuilder();
    int firstCodeLine;
    String className;
    if (kind.equals("unit")) {
      Matcher type = TOP_LEVEL_TYPE.matcher(code);
      Matcher publicType =
          Pattern.compile(
                  "(?m)^(?:@\\w+\\s+)*public\\s+(?:final\\s+|abstract\\s+)*"
                      + "(?:class|interface|record|enum)\\s+(\\w+)")
              .matcher(code);
      className = publicType.find() ? publicType.group(1) : type.find() ? type.group(1) : "Doc";
      source.append(code);
      firstCodeLine = 1;
    } else {
      className = "DocSnippet";
      Set<String> ownSimpleNames =
          ownImports.stream()
              .map(i -> i.replaceAll(".*\\.(\\w+);$", "$1"))
              .collect(Collectors.toSet());
      source.append("package docs.snippets.s").append(index).append(";\n");
      for (String wildcard : WILDCARD_IMPORTS) {
        source.append("import ").append(wildcard).append(";\n");
      }
      for (String single : SINGLE_IMPORTS) {
        if (!ownSimpleNames.contains(single.substring(single.lastIndexOf('.') + 1))) {
          source.append("import ").append(single).append(";\n");
        }
      }
      ownImports.forEach(i -> source.append(i).append('\n'));
      source.append("@SuppressWarnings(\"all\")\nclass DocSnippet {\n");
      if (kind.equals("members")) {
        // blank lines where the imports were keep the line numbers of the block
        firstCodeLine = lineCount(source) + 1;
        source.append(body).append("\n}\n");
      } else {
        List<String> given = new ArrayList<>();
        for (String parameter : GIVEN) {
          String name = parameter.substring(parameter.lastIndexOf(' ') + 1);
          if (!Pattern.compile("\\b" + name + "\\s*=[^=]").matcher(body).find()
              && !Pattern.compile("[(,]\\s*[\\w.<>]+\\s+" + name + "\\s*[,)]")
                  .matcher(body)
                  .find()) {
            given.add(parameter);
          }
        }
        source
            .append("void snippet(")
            .append(String.join(", ", given))
            .append(") throws Exception {\n");
        firstCodeLine = lineCount(source) + 1;
        source.append(body).append("\n}\n}\n");
      }
    }
    String text = source.toString();
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///s" + index + "/" + className + ".java"),
            JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
          }
        };
    return new Snippet(block, file, firstCodeLine);
  }

  private static int lineCount(CharSequence text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  /**
   * {@code unit} if every line that starts in column 0 belongs to a compilation unit (package,
   * import, annotation, type declaration, closing brace, comment); {@code members} if the block
   * begins with a modifier or annotation of a member; else {@code statements}.
   */
  static String guessKind(String code) {
    List<String> meaningful =
        code.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("//")).toList();
    boolean unit =
        !meaningful.isEmpty()
            && meaningful.stream()
                .filter(l -> !Character.isWhitespace(l.charAt(0)))
                .allMatch(l -> UNIT_LINE.matcher(l).lookingAt())
            && meaningful.stream().anyMatch(l -> TOP_LEVEL_TYPE.matcher(l).lookingAt());
    if (unit) {
      return "unit";
    }
    String first =
        meaningful.stream().filter(l -> !IMPORT.matcher(l).lookingAt()).findFirst().orElse("");
    return MEMBER_START.matcher(first).matches() ? "members" : "statements";
  }

  /**
   * Compiles every block in one javac run (one run per block would cost a second each); returns the
   * errors as "file:line: javac: message". javac goes on to check types after syntax errors, so one
   * broken block does not hide the errors of the others.
   */
  private static List<String> javac(List<Snippet> snippets) throws IOException {
    if (snippets.isEmpty()) {
      return List.of();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("doc-snippets");
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-classpath",
              classpath(),
              "-d",
              out.toString(),
              "-proc:none",
              "-nowarn",
              "-XDshould-stop.ifError=FLOW",
              "--release",
              "17");
      List<JavaFileObject> units = snippets.stream().map(Snippet::file).toList();
      compiler.getTask(null, files, diagnostics, options, null, units).call();
    } finally {
      try (Stream<Path> walk = Files.walk(out)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Snippet snippet =
          snippets.stream().filter(s -> s.file() == d.getSource()).findFirst().orElse(null);
      String message =
          d.getMessage(Locale.ROOT)
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty())
              .collect(Collectors.joining(" | "));
      if (snippet == null) {
        errors.add("javac: " + message);
      } else {
        long line = snippet.block().line() + d.getLineNumber() - snippet.firstCodeLine();
        errors.add(snippet.block().file() + ":" + line + ": javac: " + message);
      }
    }
    return errors;
  }

  private static String classpath() throws IOException {
    return System.getProperty("protoevents.demo.classes")
        + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("protoevents.test.classpath"))).strip();
  }
}
