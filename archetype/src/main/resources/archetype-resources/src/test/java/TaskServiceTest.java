package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service against a real Kafka broker, started in this JVM by the test kit. */
@EmbeddedKafkaTest
class TaskServiceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void completedTaskIsDoneInTheView(EmbeddedKafka kafka) throws Exception {
    // Given the service on the broker
    try (TaskService service =
        TaskService.start(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      // When a task is created, renamed and completed
      service.create("test-1", "Draft").get(30, TimeUnit.SECONDS);
      service.rename("test-1", "Ship it").get(30, TimeUnit.SECONDS);
      service.complete("test-1").get(30, TimeUnit.SECONDS);

      // Then the view shows the renamed task as done
      Await.until(
          TIMEOUT, "test-1 done", () -> service.task("test-1").map(Task::getDone).orElse(false));
      Task task = service.task("test-1").orElseThrow();
      assertEquals("Ship it", task.getTitle());
      assertTrue(task.hasCompletedAt(), "completed_at copied from the domain event");
    }
  }

  @Test
  void mainPublishesTasksThatARestartRestores(EmbeddedKafka kafka) throws Exception {
    // When the main class runs against the broker
    TaskService.main(new String[] {kafka.bootstrapServers()});

    // Then a new instance restores its tasks from the topic
    try (TaskService restarted =
        TaskService.start(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      assertTrue(restarted.task("task-1").orElseThrow().getDone(), "task-1 done");
      assertEquals("Read it back", restarted.task("task-2").orElseThrow().getTitle());
    }
  }
}
