package dev.protoevents.it.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in a JVM of its own (main class {@code kafka.Kafka}, from the jars the
 * testkit already puts on the test classpath): one combined broker and KRaft controller on
 * 127.0.0.1, so that a test can SIGKILL it ({@link #kill()}) and start it again on the same log
 * directory and the same ports ({@link #restart()}), as happens to a broker on a crashed machine.
 *
 * <pre>{@code
 * try (BrokerProcess broker = BrokerProcess.start("publish")) {
 *   broker.createTopic("orders", 3);
 *   ... broker.bootstrapServers() ...
 *   broker.kill();
 *   broker.restart();
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills the process and deletes the log directory; a shutdown hook of {@link
 * ChildJvm} kills it if the test JVM ends first. Not thread-safe: one test thread drives it.
 */
final class BrokerProcess implements AutoCloseable {

  /** The line {@code kafka.server.KafkaRaftServer} logs once broker and controller are up. */
  static final String STARTED = "Kafka Server started";

  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String name;
  private final Path directory;
  private final Path properties;
  private final Path log;
  private final int brokerPort;
  private final ChildJvm.Spec spec;
  private ChildJvm process;
  private int starts;
  private Duration lastStartTime = Duration.ZERO;

  private BrokerProcess(String name, Path directory, int brokerPort, int controllerPort) {
    this.name = name;
    this.directory = directory;
    this.properties = directory.resolve("server.properties");
    this.log = directory.resolve("broker.log");
    this.brokerPort = brokerPort;
    this.spec =
        ChildJvm.spec("kafka.Kafka")
            // C1 only and a serial collector: a faster start and less CPU on a small shared
            // machine; these tests need a broker that restarts quickly more than peak throughput
            .jvmOptions(
                "-Xmx768m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true")
            .args(properties.toString());
  }

  /**
   * Formats a fresh log directory and starts the broker; returns once it logged {@value #STARTED}.
   *
   * @param name names the temporary directory and the log, e.g. the test class
   * @param overrides broker settings that replace the single-node defaults
   */
  static BrokerProcess start(String name, Map<String, String> overrides)
      throws IOException, InterruptedException {
    Path directory = workDirectory(name + "-broker");
    int brokerPort = freePort();
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    BrokerProcess broker = new BrokerProcess(name, directory, brokerPort, controllerPort);
    try {
      broker.writeProperties(controllerPort, overrides);
      broker.format();
      broker.launch();
      return broker;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      broker.close();
      throw e;
    }
  }

  /** {@link #start(String, Map)} with the single-node defaults. */
  static BrokerProcess start(String name) throws IOException, InterruptedException {
    return start(name, Map.of());
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** The broker's combined standard output and log lines, across restarts. */
  Path log() {
    return log;
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** How many times the broker process has been started (1 after {@link #start}). */
  int starts() {
    return starts;
  }

  /** From launching the last process to its {@value #STARTED} line. */
  Duration lastStartTime() {
    return lastStartTime;
  }

  /** SIGKILL: no controlled shutdown, no flush of the log. Returns once the process is gone. */
  void kill() throws InterruptedException {
    requireRunning("kill");
    process.kill();
  }

  /** SIGTERM: a controlled shutdown (SIGKILL if it takes more than 30 s). */
  void stop() throws InterruptedException {
    requireRunning("stop");
    process.stop(STOP_GRACE);
  }

  /**
   * Starts the broker again on the same log directory and ports, after {@link #kill}/{@link #stop}.
   */
  void restart() throws InterruptedException {
    if (isRunning()) {
      throw new IllegalStateException(
          "broker " + name + " is still running (pid " + process.pid() + ")");
    }
    launch();
  }

  /** Creates a topic with one replica and waits until the broker has created it. */
  void createTopic(String topic, int partitions) throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "broker-process-admin"))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot create topic " + topic + " on broker " + name, e);
    }
  }

  private void writeProperties(int controllerPort, Map<String, String> overrides)
      throws IOException {
    Map<String, String> config = new TreeMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", directory.resolve("data").toString());
    // a single node: internal topics cannot have more replicas than brokers, and nobody else
    // will join a group, so do not wait for them
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    // lets consumers of the tests use short sessions, so a killed member is noticed quickly
    config.put("group.min.session.timeout.ms", "1000");
    config.put("auto.create.topics.enable", "false");
    config.putAll(overrides);
    Properties file = new Properties();
    file.putAll(config);
    try (OutputStream out = Files.newOutputStream(properties)) {
      file.store(out, "protoevents fault test broker " + name);
    }
  }

  private void format() throws InterruptedException {
    ChildJvm.Spec format =
        ChildJvm.spec("kafka.tools.StorageTool")
            .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
            .args(
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                properties.toString());
    int exit = ChildJvm.run(format, log, FORMAT_TIMEOUT);
    if (exit != 0) {
      throw new AssertionError(
          "StorageTool format of broker " + name + " exited with " + exit + "; see " + log);
    }
  }

  private void launch() throws InterruptedException {
    long offset = Files.exists(log) ? sizeOf(log) : 0;
    long started = System.nanoTime();
    process = ChildJvm.start(spec, log);
    starts++;
    process.awaitLog(STARTED, offset, START_TIMEOUT);
    lastStartTime = Duration.ofNanos(System.nanoTime() - started);
  }

  private void requireRunning(String action) {
    if (!isRunning()) {
      throw new IllegalStateException("cannot " + action + " broker " + name + ": not running");
    }
  }

  /** Kills the broker if it runs and deletes its data; the log stays for a look after a failure. */
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    deleteRecursively(directory.resolve("data"));
  }

  @Override
  public String toString() {
    return "broker " + name + " at " + bootstrapServers() + (isRunning() ? "" : " (down)");
  }

  /**
   * A port that is free now and lies outside the kernel's ephemeral range: while the broker is
   * down, no client connection or bind(0) of another process on this machine can take it, so {@link
   * #restart()} finds it free again.
   */
  static int freePort() {
    int[] ephemeral = ephemeralRange();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (port >= ephemeral[0] && port <= ephemeral[1]) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port found between 20000 and 32000 on 127.0.0.1");
  }

  private static int[] ephemeralRange() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        String[] parts = Files.readString(range).trim().split("\\s+");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the IANA range
    }
    return new int[] {49152, 65535};
  }

  /**
   * A fresh directory for one test's files under {@code target/faults} of the module (where Maven
   * runs the tests), so that logs can be read after a failure and {@code mvn clean} removes them.
   */
  static Path workDirectory(String name) throws IOException {
    Path directory = Path.of("target", "faults", ChildJvm.fileName(name)).toAbsolutePath();
    deleteRecursively(directory);
    return Files.createDirectories(directory);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
