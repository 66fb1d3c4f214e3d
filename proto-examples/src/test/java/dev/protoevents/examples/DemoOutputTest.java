package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer sees first: the output of README's first command ({@code ./mvnw -B -Pdemo
 * verify}), the demo run in a child JVM on the demo's own classpath, as the demo profile does.
 */
class DemoOutputTest {

  @Test
  void demoLogsThroughSlf4jWithoutWarningsOrBrokerFormatLines() throws Exception {
    // Given the demo's runtime classpath (with its SLF4J binding) and fewer events to restore
    String classpath =
        System.getProperty("protoevents.demo.classes")
            + File.pathSeparator
            + Files.readString(Path.of(System.getProperty("protoevents.demo.classpath"))).strip();
    Path output = Files.createTempFile("protoevents-demo", ".log");
    try {
      // When the demo runs
      Process demo =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Ddemo.events=2000",
                      "-classpath",
                      classpath,
                      Demo.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean exited = demo.waitFor(3, TimeUnit.MINUTES);
      if (!exited) {
        demo.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);

      // Then it ran to its end and logged through a real binding, quietly
      assertTrue(exited, "the demo did not finish:\n" + log);
      assertEquals(0, demo.exitValue(), log);
      assertTrue(log.contains("Broker stopped. Done."), log);
      assertTrue(log.contains("INFO StateFeed - "), "protoevents logs at INFO:\n" + log);
      assertFalse(log.contains("SLF4J"), "SLF4J warned:\n" + log);
      assertFalse(log.contains("Formatting metadata directory"), "broker format line:\n" + log);
      assertFalse(log.contains("Bootstrap metadata"), "broker format line:\n" + log);
      assertFalse(log.contains("INFO kafka") || log.contains("INFO org.apache.kafka"), log);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
