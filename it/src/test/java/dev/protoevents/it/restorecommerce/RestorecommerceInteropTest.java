package dev.protoevents.it.restorecommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.protoevents.generator.BuildRequest;
import dev.protoevents.generator.BuildResult;
import dev.protoevents.generator.ProtoeventsBuild;
import dev.protoevents.generator.model.GeneratedClass;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.ResourceView;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.command.CommandInterface;
import dev.protoevents.runtime.internal.Json;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.io.File;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * protoevents and a running Restorecommerce system see each other: the generator reads the real
 * {@code @restorecommerce/protos} tree (from npm), and a Node.js program using {@code
 * @restorecommerce/kafka-client} exchanges user events and a {@code restore} command with the
 * generated Java API on the test broker. Skipped where Node.js or npm is missing.
 */
@EmbeddedKafkaTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestorecommerceInteropTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern KAFKA_SUBSCRIBER =
      Pattern.compile(
          "message\\s+(\\w+)\\s*\\{\\s*option\\s*\\(restorecommerce\\.options\\.kafka_subscriber\\)"
              + "\\s*=\\s*\\{[^}]*?topic:\\s*\"([^\"]+)\"",
          Pattern.DOTALL);

  @TempDir static Path dir;

  private static URLClassLoader loader;
  private static Map<String, String> expectedTopics; // Java class of the resource -> topic
  private static int eventFiles;
  private static Class<?> user;
  private static EventPublisher publisher;
  private static String bootstrap;

  @BeforeAll
  static void generateFromTheRealProtos(EmbeddedKafka kafka) throws Exception {
    NodePeer.assumeNodeAndNpm();
    double npmSeconds = NodePeer.install();
    System.out.printf("npm install: %.1f s (0 = reused target/restorecommerce-peer)%n", npmSeconds);

    // the io/ tree of the package; google/ there is an older copy of protobuf-java's own
    Path sources = dir.resolve("protos");
    copyTree(NodePeer.protos().resolve("io"), sources.resolve("io"));
    expectedTopics = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".proto")).toList()) {
        String text = Files.readString(file);
        Matcher pkg = Pattern.compile("package\\s+([\\w.]+);").matcher(text);
        assertTrue(pkg.find(), "no package in " + file);
        Matcher m = KAFKA_SUBSCRIBER.matcher(text);
        while (m.find()) {
          expectedTopics.put(pkg.group(1) + "." + m.group(1), m.group(2));
        }
      }
    }
    long start = System.nanoTime();
    BuildResult result =
        new ProtoeventsBuild()
            .run(
                new BuildRequest(
                    protoc(),
                    sources,
                    List.of(),
                    Optional.of(dir.resolve("messages")),
                    dir.resolve("events"),
                    dir.resolve("work"),
                    BuildRequest.DEFAULT_NAMESPACE,
                    List.of()));
    eventFiles = result.eventFiles().size();
    // one javac run over both (cheaper than two): protoc's classes must compile, ours must also
    // give no warning under -Xlint:all
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    List<Diagnostic<? extends JavaFileObject>> diagnostics =
        compile(
            List.of(dir.resolve("messages"), dir.resolve("events")),
            classes,
            System.getProperty("java.class.path"),
            // protoc's warnings must not use up javac's default limit of 100 before ours
            List.of("-Xlint:all", "-Xmaxwarns", "1000000", "-Xmaxerrs", "1000000"));
    String events = dir.resolve("events").toUri().toString();
    assertEquals(
        "",
        describe(
            diagnostics.stream()
                .filter(
                    d ->
                        d.getKind() == Diagnostic.Kind.ERROR
                            || (d.getSource() != null
                                && d.getSource().toUri().toString().startsWith(events)))
                .toList()),
        "javac reported on the classes generated from @restorecommerce/protos");
    System.out.printf(
        "generated and compiled the @restorecommerce/protos tree in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, RestorecommerceInteropTest.class.getClassLoader());
    user = loader.loadClass("io.restorecommerce.user.UserOuterClass$User");

    bootstrap = kafka.bootstrapServers();
    kafka.createTopic(topicName("io.restorecommerce.user.User"), 1);
    publisher = EventPublisher.create(Map.of("bootstrap.servers", bootstrap));
  }

  @AfterAll
  static void close() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (loader != null) {
      loader.close();
    }
  }

  @Test
  @Order(1)
  void everyResourceWithKafkaSubscriberGetsOneTypedApiOnTheOptionsTopic() throws Exception {
    // Given the whole tree generated and compiled (in @BeforeAll), no resources configured
    // Then exactly the messages with kafka_subscriber are resources, each on its option's topic
    assertEquals(7, expectedTopics.size(), expectedTopics::toString);
    assertEquals(
        GeneratedClass.values().length * expectedTopics.size(),
        eventFiles,
        "one class of each kind per resource, no others");
    for (Map.Entry<String, String> resource : expectedTopics.entrySet()) {
      assertEquals(resource.getValue(), topicName(resource.getKey()), resource.getKey());
      Class<?> topic = loader.loadClass(resource.getKey() + "Topic");
      assertEquals(
          "restorecommerce",
          ((dev.protoevents.runtime.envelope.Envelope) topic.getField("ENVELOPE").get(null))
              .name());
      Class<?> event = loader.loadClass(resource.getKey() + "Event");
      assertEquals(
          List.of("Created", "Replaced", "Deleted"),
          Stream.of(event.getPermittedSubclasses()).map(Class::getSimpleName).toList(),
          "their updated is our Replaced; there are no patches");
    }
    assertEquals("io.restorecommerce.users.resource", topicName("io.restorecommerce.user.User"));
    assertEquals(
        "io.restorecommerce.ordering.resource", topicName("io.restorecommerce.order.Order"));
  }

  @Test
  @Order(1)
  void theWholeServiceInTheGuideCompilesAgainstTheGeneratedApi() throws Exception {
    // Given the "A whole service" example of docs/restorecommerce.md
    String guide = Files.readString(Path.of("..", "docs", "restorecommerce.md"));
    int section = guide.indexOf("## A whole service");
    int start = guide.indexOf("```java\n", section) + "```java\n".length();
    String source = guide.substring(start, guide.indexOf("```\n", start));
    Path file = dir.resolve("guide/example/JavaUsers.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);

    // When compiled against the classes generated from the real protos
    Path classes = dir.resolve("guide-classes");
    Files.createDirectories(classes);
    String classpath =
        System.getProperty("java.class.path") + File.pathSeparator + dir.resolve("classes");

    // Then javac has nothing to say
    assertEquals(
        "",
        describe(compile(List.of(file.getParent()), classes, classpath, List.of("-Xlint:all"))));
  }

  @Test
  @Order(2)
  void nodeKafkaClientDecodesWhatTheGeneratedPublisherWrote() throws Exception {
    // Given a user created, replaced and deleted through the generated UserPublisher
    Message ada = user("u-1", "ada", "ada@example.com", true);
    Message renamed = user("u-1", "ada.l", "ada@example.com", false);
    Object users =
        loader
            .loadClass("io.restorecommerce.user.UserPublisher")
            .getConstructor(EventPublisher.class)
            .newInstance(publisher);
    Class<?> type = users.getClass();
    future(type.getMethod("created", user).invoke(users, ada)).get(30, TimeUnit.SECONDS);
    future(type.getMethod("replaced", user).invoke(users, renamed)).get(30, TimeUnit.SECONDS);
    future(type.getMethod("deleted", String.class).invoke(users, "u-1")).get(30, TimeUnit.SECONDS);

    // When the Node.js kafka-client reads the topic
    List<Map<String, Object>> read = json(NodePeer.run(bootstrap, "consume", "3"));

    // Then it sees its own event names and decodes the same values (bytes re-encoded by its codec)
    assertEquals(
        List.of("userCreated", "userUpdated", "userDeleted"),
        read.stream().map(r -> r.get("event")).toList());
    assertEquals(ada, parse(user, read.get(0)));
    assertEquals(renamed, parse(user, read.get(1)));
    assertEquals("u-1", Json.asObject(read.get(2).get("message")).get("id"));
    Class<?> deleted = loader.loadClass("io.restorecommerce.user.UserOuterClass$Deleted");
    assertEquals("u-1", field(parse(deleted, read.get(2)), "id"));
  }

  @Test
  @Order(3)
  void generatedHandlerReceivesWhatNodeKafkaClientEmitted() throws Exception {
    // Given a generated UserHandler subscribed with no envelope configuration at all
    List<Object> events = new CopyOnWriteArrayList<>();
    Class<?> handlerType = loader.loadClass("io.restorecommerce.user.UserHandler");
    Object handler =
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {handlerType},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "onEvent" -> events.add(args[0]);
                case "equals" -> {
                  return proxy == args[0];
                }
                case "hashCode" -> {
                  return System.identityHashCode(proxy);
                }
                case "toString" -> {
                  return "recording UserHandler";
                }
                default -> {}
              }
              return null;
            });
    try (EventSubscriber subscriber =
        EventSubscriber.create(
            Map.of("bootstrap.servers", bootstrap, "group.id", EmbeddedKafka.uniqueName("rc")))) {
      Object users =
          loader
              .loadClass("io.restorecommerce.user.UserSubscriber")
              .getConstructor(EventSubscriber.class)
              .newInstance(subscriber);
      Subscription subscription =
          (Subscription)
              users.getClass().getMethod("subscribe", handlerType).invoke(users, handler);

      // When the Node.js kafka-client emits created, updated and deleted of another user
      NodePeer.run(
          bootstrap,
          "emit",
          "[[\"userCreated\",{\"id\":\"n-1\",\"name\":\"nina\",\"email\":\"nina@example.com\","
              + "\"active\":true}],[\"userUpdated\",{\"id\":\"n-1\",\"name\":\"nina.k\"}],"
              + "[\"userDeleted\",{\"id\":\"n-1\"}]]");

      // Then the handler gets the typed events with equal values (after the Java ones before)
      Await.until(TIMEOUT, "six user events handled", () -> events.size() >= 6);
      subscription.close();
      List<Object> fromNode = events.subList(3, 6);
      assertEquals(
          List.of("Created", "Replaced", "Deleted"),
          fromNode.stream().map(e -> e.getClass().getSimpleName()).toList());
      assertEquals(
          user("n-1", "nina", "nina@example.com", true), component(fromNode.get(0), "user"));
      Message updated = (Message) component(fromNode.get(1), "user");
      assertEquals("nina.k", field(updated, "name"));
      assertEquals("n-1", component(fromNode.get(2), "id"));
    }
  }

  @Test
  @Order(4)
  void restoreCommandFromNodeRebuildsTheJavaStateAndAnswersRestoreResponse() throws Exception {
    // Given a view of users kept by a state feed, and the service's command channel
    Class<?> viewType = loader.loadClass("io.restorecommerce.user.UserView");
    ResourceView<?> view = (ResourceView<?>) viewType.getConstructor().newInstance();
    Class<?> topicType = loader.loadClass("io.restorecommerce.user.UserTopic");
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap);
    StateFeed.Builder builder =
        (StateFeed.Builder)
            topicType
                .getMethod(
                    "feed",
                    Map.class,
                    loader.loadClass("io.restorecommerce.user.UserRestoreHandler"))
                .invoke(null, config, view);
    try (StateFeed feed = builder.start();
        CommandInterface commands =
            CommandInterface.builder(config, "java-users")
                .version("1.0.0")
                .restore("user", feed)
                .start()) {
      assertTrue(feed.awaitCaughtUp(TIMEOUT), "feed caught up");
      long applied = feed.eventsApplied();
      assertEquals(6, applied, "the six user events so far");
      assertEquals(0, view.size(), "both users were deleted");

      // When Node.js sends restore as Restorecommerce does
      List<Map<String, Object>> answer =
          json(
              NodePeer.run(
                  bootstrap,
                  "command",
                  "restore",
                  "{\"data\":[{\"entity\":\"user\",\"base_offset\":0,\"ignore_offset\":[]}]}"));

      // Then the feed replayed the topic into a cleared state and Node read a restoreResponse
      Map<String, Object> response = answer.get(answer.size() - 1);
      assertEquals("restoreResponse", response.get("event"));
      assertEquals(List.of("java-users"), response.get("services"));
      assertEquals("payload", response.get("typeUrl"));
      Map<String, Object> payload = Json.asObject(response.get("payload"));
      assertEquals(topicName("io.restorecommerce.user.User"), payload.get("topic"));
      assertEquals(new BigDecimal(5), payload.get("offset"), "the last offset the state holds");
      assertEquals(2 * applied, feed.eventsApplied(), "every event applied once more");
      assertEquals(1, commands.commandsHandled());

      // And a version command is answered too
      Map<String, Object> version =
          json(NodePeer.run(bootstrap, "command", "version", "{}")).stream()
              .filter(r -> "versionResponse".equals(r.get("event")))
              .findFirst()
              .orElseThrow();
      assertEquals("1.0.0", Json.asObject(version.get("payload")).get("version"));
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static Message user(String id, String name, String email, boolean active)
      throws Exception {
    Message.Builder builder = (Message.Builder) user.getMethod("newBuilder").invoke(null);
    var type = builder.getDescriptorForType();
    builder.setField(type.findFieldByName("id"), id);
    builder.setField(type.findFieldByName("name"), name);
    builder.setField(type.findFieldByName("email"), email);
    builder.setField(type.findFieldByName("active"), active);
    return builder.build();
  }

  private static Object field(Message message, String name) {
    return message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  private static Message parse(Class<?> type, Map<String, Object> line) throws Exception {
    byte[] bytes = Base64.getDecoder().decode((String) line.get("bytes"));
    return (Message) type.getMethod("parseFrom", byte[].class).invoke(null, (Object) bytes);
  }

  private static Object component(Object record, String name) throws Exception {
    return record.getClass().getMethod(name).invoke(record);
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Object> future(Object value) {
    return (CompletableFuture<Object>) value;
  }

  private static List<Map<String, Object>> json(List<String> lines) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : lines) {
      out.add(Json.asObject(Json.parse(line)));
    }
    return out;
  }

  private static String topicName(String resource) throws Exception {
    return (String) loader.loadClass(resource + "Topic").getField("NAME").get(null);
  }

  private static Path protoc() {
    Path protoc =
        Path.of(System.getProperty("protoevents.test.protoc", "target/protoc/protoc.exe"));
    assertTrue(
        protoc.toFile().canExecute() || protoc.toFile().setExecutable(true),
        "protoc not executable: " + protoc);
    return protoc;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static String describe(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .map(d -> d.getKind() + " " + d.getMessage(null) + " in " + d.getSource())
        .collect(Collectors.joining("\n"));
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(
      List<Path> sources, Path classes, String classpath, List<String> extra) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      List<File> javaFiles = new ArrayList<>();
      for (Path root : sources) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> p.toString().endsWith(".java"))
              .map(Path::toFile)
              .forEach(javaFiles::add);
        }
      }
      List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classpath));
      options.addAll(extra);
      javac
          .getTask(
              null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(javaFiles))
          .call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .toList();
  }
}
