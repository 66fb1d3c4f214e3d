package dev.protoevents.it.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath running in a JVM of its own, so that a test can kill it with
 * SIGKILL ({@link #kill()}) the way an operating system or an orchestrator ends a process. Its
 * standard output and error are appended to one log file, which {@link #awaitLog} searches.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(ChildJvm.spec(ConsumerMain.class).args("a", "b"), log)) {
 *   child.awaitLog("ready", 0, Duration.ofSeconds(30));
 *   child.kill();
 * }
 * }</pre>
 *
 * <p>No child outlives the test JVM: a shutdown hook kills every child still running, and {@link
 * #close()} kills this one.
 */
final class ChildJvm implements AutoCloseable {

  /** Children still alive, killed by the shutdown hook if the test JVM ends before they do. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(Process::destroyForcibly), "protoevents-child-jvm-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** What to run: a main class, its arguments and JVM options. */
  static Spec spec(String mainClass) {
    return new Spec(mainClass);
  }

  /** What to run: a main class, its arguments and JVM options. */
  static Spec spec(Class<?> mainClass) {
    return new Spec(mainClass.getName());
  }

  /**
   * Starts {@code spec} with the test JVM's own Java and classpath, its output appended to {@code
   * log}.
   */
  static ChildJvm start(Spec spec, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmOptions);
    command.add("-cp");
    command.add(testClasspath());
    command.add(spec.mainClass);
    command.addAll(spec.args);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      RUNNING.add(process);
      process.onExit().thenRun(() -> RUNNING.remove(process));
      return new ChildJvm(spec.simpleName(), process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for " + spec.mainClass, e);
    }
  }

  /**
   * Runs {@code spec} to its end and returns its exit code.
   *
   * @throws AssertionError if it does not end within {@code timeout} (it is killed then)
   */
  static int run(Spec spec, Path log, Duration timeout) throws InterruptedException {
    try (ChildJvm child = start(spec, log)) {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            spec.mainClass + " did not end within " + timeout + "; log:\n" + child.tail(40));
      }
      return child.process.exitValue();
    }
  }

  /**
   * The classpath of this test JVM. Surefire may start the tests from a manifest-only jar; it then
   * puts the real classpath into {@code surefire.test.class.path}.
   */
  static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The current size of the log file, to search only what is written from now on. */
  long logSize() {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code text} appears in the log after byte {@code fromOffset}.
   *
   * @throws AssertionError if the process ends first or the text does not appear within {@code
   *     timeout}; the message holds the end of the log
   */
  void awaitLog(String text, long fromOffset, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (logSince(fromOffset).contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " (pid "
                + pid()
                + ") exited with "
                + process.exitValue()
                + " before logging '"
                + text
                + "'; log:\n"
                + tail(60));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            name + " did not log '" + text + "' within " + timeout + "; log:\n" + tail(60));
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for '" + text + "'", e);
      }
    }
  }

  private String logSince(long offset) {
    try {
      byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
      int from = (int) Math.min(offset, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  String tail(int lines) {
    String[] all = logSince(0).split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return String.join("\n", List.of(all).subList(from, all.length));
  }

  /** SIGKILL: the process gets no chance to clean up. Returns once it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
  }

  /**
   * SIGTERM and wait up to {@code grace} for an orderly exit; SIGKILL after that.
   *
   * @return true if the process ended within {@code grace}
   */
  boolean stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    kill();
    return false;
  }

  /** Waits up to {@code timeout} for the process to end; true if it has. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + (process.isAlive() ? ")" : ", ended)");
  }

  /** A main class with its arguments and JVM options. */
  static final class Spec {
    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private Spec(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
      // The child logs through ChildLogProvider (SLF4J lines on standard output), chosen over
      // the test classpath's slf4j-simple.
      jvmOptions.add("-Dslf4j.provider=" + ChildLogProvider.class.getName());
      jvmOptions.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    }

    Spec args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    Spec jvmOptions(String... values) {
      jvmOptions.addAll(List.of(values));
      return this;
    }

    Spec systemProperty(String key, String value) {
      jvmOptions.add("-D" + key + "=" + value);
      return this;
    }

    private String simpleName() {
      return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
      return mainClass + " " + String.join(" ", args);
    }
  }

  /** A file name that fits in any file system, for logs named after tests. */
  static String fileName(String text) {
    return text.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
