package dev.protoevents.it.restorecommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js side of the interop tests: {@code peer.mjs} with
 * {@code @restorecommerce/kafka-client} 1.4.3, installed by npm into {@code
 * target/restorecommerce-peer} on first use (later runs reuse it). Tests that need it are skipped
 * where Node.js or npm is not installed.
 */
final class NodePeer {
  static final Path DIR = Path.of("target", "restorecommerce-peer").toAbsolutePath();
  private static final String[] FILES = {"package.json", "polyfill.mjs", "peer.mjs"};

  private NodePeer() {}

  /** Node.js and npm run here; otherwise the calling test is skipped with a clear message. */
  static void assumeNodeAndNpm() {
    assumeTrue(
        runs("node", "--version") && runs("npm", "--version"),
        "Node.js and npm are not installed: the Restorecommerce interop tests need them to run"
            + " @restorecommerce/kafka-client (install Node.js 20 or newer)");
  }

  /**
   * Copies the peer's files and runs {@code npm install} unless the same package.json was installed
   * before; returns the seconds npm took (0 when it was not needed).
   */
  static double install() throws IOException, InterruptedException {
    Files.createDirectories(DIR);
    Path installed = DIR.resolve("node_modules").resolve(".protoevents-package.json");
    boolean current =
        Files.exists(installed) && Files.readString(installed).equals(resource("package.json"));
    for (String file : FILES) {
      try (InputStream in = stream(file)) {
        Files.copy(in, DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (current) {
      return 0;
    }
    long start = System.nanoTime();
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefer-offline")
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(DIR.resolve("npm-install.log").toFile())
            .start();
    assumeTrue(
        npm.waitFor(5, TimeUnit.MINUTES),
        "npm install took longer than 5 minutes; see " + DIR.resolve("npm-install.log"));
    assertEquals(
        0,
        npm.exitValue(),
        () -> "npm install failed; see " + DIR.resolve("npm-install.log") + ":\n" + log("npm"));
    Files.writeString(installed, resource("package.json"));
    return (System.nanoTime() - start) / 1e9;
  }

  /** The directory of the npm package {@code @restorecommerce/protos}. */
  static Path protos() {
    return DIR.resolve("node_modules").resolve("@restorecommerce").resolve("protos");
  }

  /** Starts {@code peer.mjs <bootstrap> args...}; its stderr goes to a log file. */
  static Process start(String bootstrap, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("node", "--import", "./polyfill.mjs", "peer.mjs"));
    command.add(bootstrap);
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(DIR.resolve("peer.log").toFile()))
        .start();
  }

  /** Runs the peer to its end (at most 60 s) and returns its output lines. */
  static List<String> run(String bootstrap, String... args)
      throws IOException, InterruptedException {
    Process process = start(bootstrap, args);
    List<String> lines = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    reader.join(5000);
    synchronized (lines) {
      assertEquals(
          true,
          ended && process.exitValue() == 0,
          "node peer " + List.of(args) + " failed; output " + lines + "\n" + log("peer"));
      return List.copyOf(lines);
    }
  }

  private static String log(String name) {
    try {
      Path file = DIR.resolve(name.equals("npm") ? "npm-install.log" : "peer.log");
      String text = Files.exists(file) ? Files.readString(file) : "";
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static InputStream stream(String file) {
    InputStream in = NodePeer.class.getResourceAsStream("/restorecommerce-peer/" + file);
    if (in == null) {
      throw new IllegalStateException("test resource restorecommerce-peer/" + file + " is missing");
    }
    return in;
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = stream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
