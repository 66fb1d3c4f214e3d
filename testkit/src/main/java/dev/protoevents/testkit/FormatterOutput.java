package dev.protoevents.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

/**
 * Keeps what Kafka's storage formatter prints off the console. {@code KafkaClusterTestKit.format()}
 * runs Kafka's {@code Formatter} with its default print stream, {@code System.out}, which then
 * shows "Bootstrap metadata: ..." and "Formatting metadata directory ..." in the output of every
 * test run. Only output of the thread that formats is diverted: other threads keep printing to the
 * console while it runs.
 */
final class FormatterOutput {
  /**
   * Names of the threads of {@code KafkaClusterTestKit}'s executor (its thread factory's prefix).
   */
  private static final String TEST_KIT_THREADS = "kafka-cluster-test-kit-";

  private FormatterOutput() {}

  /**
   * Runs {@code action}, returning what it and the test kit's threads printed to {@code System.out}
   * meanwhile.
   */
  static String capture(Callable<Void> action) throws Exception {
    PrintStream console = System.out;
    Thread formatting = Thread.currentThread();
    // several pool threads may write at once
    SynchronizedBuffer captured = new SynchronizedBuffer();
    OutputStream router =
        new OutputStream() {
          private OutputStream target() {
            Thread current = Thread.currentThread();
            return current == formatting || current.getName().startsWith(TEST_KIT_THREADS)
                ? captured
                : console;
          }

          @Override
          public void write(int b) throws IOException {
            target().write(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            target().write(bytes, offset, length);
          }

          @Override
          public void flush() throws IOException {
            console.flush();
          }
        };
    Charset charset = consoleCharset();
    System.setOut(new PrintStream(router, true, charset));
    try {
      action.call();
    } finally {
      System.setOut(console);
    }
    return captured.text(charset);
  }

  /** The encoding of {@code System.out} (PrintStream.charset() is Java 18). */
  private static Charset consoleCharset() {
    String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  /** A byte buffer that several threads append to. */
  private static final class SynchronizedBuffer extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) {
      bytes.write(buffer, offset, length);
    }

    synchronized String text(Charset charset) {
      return bytes.toString(charset);
    }
  }
}
