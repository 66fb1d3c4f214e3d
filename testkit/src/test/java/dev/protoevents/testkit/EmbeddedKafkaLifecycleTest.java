package dev.protoevents.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starts and stops a broker of its own (not the shared one) to check what close() leaves. */
class EmbeddedKafkaLifecycleTest {

  @Test
  void closedBrokerLeavesNoDirectoryAndNoNonDaemonThreads() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path directory = kafka.baseDirectory();
    assertTrue(Files.isDirectory(directory), "data directory exists while running");
    kafka.createTopic(EmbeddedKafka.uniqueName("lifecycle"), 1);
    assertFalse(
        newNonDaemonThreads(before).isEmpty(), "sanity: the broker runs non-daemon threads");
    kafka.close();
    kafka.close(); // idempotent

    assertFalse(Files.exists(directory), "data directory deleted by close()");
    Await.until(
        Duration.ofSeconds(20),
        "every non-daemon thread started by the broker to end",
        () -> newNonDaemonThreads(before).isEmpty());
    assertThrows(IllegalStateException.class, () -> kafka.createTopic("after-close", 1));
  }

  private static Set<String> newNonDaemonThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .filter(thread -> thread.isAlive() && !thread.isDaemon())
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
