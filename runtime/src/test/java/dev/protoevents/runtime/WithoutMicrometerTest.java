package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: with it off the class path, publishing, subscribing, feeds and health
 * checks work, and naming a registry fails with a message that says Micrometer is missing. Runs
 * {@link WithoutMicrometerRun} in a child JVM whose class path is this one's without Micrometer.
 */
@EmbeddedKafkaTest
class WithoutMicrometerTest {

  @Test
  void runtimeWorksAndLoadsNoMicrometerClassWhenMicrometerIsNotOnTheClassPath(EmbeddedKafka kafka)
      throws Exception {
    // Given this JVM's class path without Micrometer's jars
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    String withoutMicrometer =
        Arrays.stream(entries)
            .filter(entry -> !entry.contains("micrometer") && !entry.contains("HdrHistogram"))
            .collect(Collectors.joining(File.pathSeparator));
    assertTrue(
        Arrays.stream(entries).anyMatch(entry -> entry.contains("micrometer-core")),
        "the test class path should hold micrometer-core, to prove something by removing it");
    String topic = EmbeddedKafka.uniqueName("orders");
    kafka.createTopic(topic, 2);

    // When a child JVM publishes, subscribes, restores and checks health there
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                withoutMicrometer,
                WithoutMicrometerRun.class.getName(),
                kafka.bootstrapServers(),
                topic,
                EmbeddedKafka.uniqueName("billing"))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
    System.out.println(output);

    // Then everything worked there and the registry setting was refused with a clear message
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("ok: published, handled and restored 3 events"), output);
    assertTrue(
        output.contains(
            "registry setting: protoevents.metrics.registry is set to a java.lang.Object, but"
                + " Micrometer (io.micrometer.core.instrument.MeterRegistry) is not on"
                + " protoevents' class path; add io.micrometer:micrometer-core"),
        output);
  }
}
