package ${package};

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.TopicAdmin;
import dev.protoevents.runtime.restore.StateFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service: publishes task events through the generated {@link TaskPublisher} and keeps every
 * task in a view that a {@link StateFeed} restores from the topic at start and then keeps current.
 *
 * <pre>{@code
 * try (TaskService tasks = TaskService.start(Map.of("bootstrap.servers", "localhost:9092"))) {
 *   tasks.create("task-1", "Write the first event").get();
 *   tasks.complete("task-1").get();
 * }
 * }</pre>
 */
public final class TaskService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final EventPublisher publisher;
  private final TaskPublisher tasks;
  private final TaskBoard board;
  private final StateFeed feed;

  private TaskService(EventPublisher publisher, TaskBoard board, StateFeed feed) {
    this.publisher = publisher;
    this.tasks = new TaskPublisher(publisher);
    this.board = board;
    this.feed = feed;
  }

  /**
   * Creates the topic if it is missing, restores the view of every task from it and returns once
   * the view is caught up.
   *
   * @param kafkaConfig Kafka client properties, at least {@code bootstrap.servers}
   * @throws IllegalStateException if the view does not catch up within 30 seconds
   */
  public static TaskService start(Map<String, ?> kafkaConfig) throws InterruptedException {
    try (TopicAdmin admin = TopicAdmin.create(kafkaConfig)) {
      admin.createMissing(List.of(TaskTopic.SPEC));
    }
    TaskBoard board = new TaskBoard();
    StateFeed feed = TaskTopic.feed(kafkaConfig, board).start();
    EventPublisher publisher = EventPublisher.create(kafkaConfig);
    TaskService service = new TaskService(publisher, board, feed);
    if (!feed.awaitCaughtUp(TIMEOUT)) {
      service.close();
      throw new IllegalStateException("the task view did not catch up within " + TIMEOUT);
    }
    LOG.info("{} tasks restored from {}", board.size(), TaskTopic.NAME);
    return service;
  }

  /** Publishes {@code TaskCreated}: a new, open task. */
  public CompletableFuture<RecordMetadata> create(String id, String title) {
    return tasks.created(Task.newBuilder().setId(id).setTitle(title).build());
  }

  /**
   * Publishes the domain event {@code TaskCompleted}; the view marks the task done when it
   * arrives.
   */
  public CompletableFuture<RecordMetadata> complete(String id) {
    return tasks.completed(TaskCompleted.newBuilder().setTaskId(id).setCompletedAt(now()).build());
  }

  /** Publishes {@code TaskPatched}: only the title changes. */
  public CompletableFuture<RecordMetadata> rename(String id, String title) {
    return tasks.patched(
        Task.newBuilder().setId(id).setTitle(title).build(),
        FieldMask.newBuilder().addPaths("title").build());
  }

  /** The latest state of a task, as far as the view has followed the topic. */
  public Optional<Task> task(String id) {
    return board.get(id);
  }

  /** Every task the view knows, by id. */
  public Map<String, Task> tasks() {
    return board.snapshot();
  }

  /** Stops the feed and closes the producer. */
  @Override
  public void close() {
    feed.close();
    publisher.close();
  }

  /**
   * Publishes two tasks, completes one and prints the view once it shows that.
   *
   * <pre>{@code
   * mvn -q exec:java -Dexec.args=localhost:9092
   * }</pre>
   *
   * @param args the Kafka bootstrap servers (default: {@code $KAFKA_BOOTSTRAP_SERVERS}, else
   *     {@code localhost:9092})
   */
  public static void main(String[] args) throws Exception {
    String servers =
        args.length > 0
            ? args[0]
            : System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    try (TaskService service = start(Map.of("bootstrap.servers", servers))) {
      service.create("task-1", "Write the first event").get(30, TimeUnit.SECONDS);
      service.create("task-2", "Read it back").get(30, TimeUnit.SECONDS);
      service.complete("task-1").get(30, TimeUnit.SECONDS);
      awaitDone(service, "task-1");
      service
          .tasks()
          .forEach(
              (id, task) ->
                  LOG.info("{}: {} ({})", id, task.getTitle(), task.getDone() ? "done" : "open"));
    }
  }

  /** Waits, with a deadline, until the view has applied the completion of a task. */
  private static void awaitDone(TaskService service, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!service.task(id).map(Task::getDone).orElse(false)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(id + " was not done in the view within " + TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  /**
   * The generated view (id to latest task, kept by the four resource events) that also applies
   * the domain event: a completed task is done.
   */
  static final class TaskBoard extends TaskView {
    @Override
    public void onCompleted(TaskEvent.Completed event) {
      TaskCompleted completed = event.taskCompleted();
      get(completed.getTaskId())
          .ifPresent(
              task ->
                  applyReplaced(
                      task.toBuilder()
                          .setDone(true)
                          .setCompletedAt(completed.getCompletedAt())
                          .build()));
    }
  }
}
