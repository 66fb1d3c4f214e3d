package dev.protoevents.runtime.restore;

import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.internal.IncomingRecords;
import dev.protoevents.runtime.metrics.internal.FeedMeters;
import dev.protoevents.runtime.metrics.internal.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind a {@link StateFeed}: owns the consumer, restores, then follows live events.
 * Other threads reach it only through the command queue, the closing flag and {@link
 * Consumer#wakeup()} (used by close alone).
 */
final class FeedLoop {

  private static final Logger log = LoggerFactory.getLogger(StateFeed.class);

  /** Short, so that queued commands (snapshot, rebuild) run soon without waking the consumer. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  /** How long to wait for the topics' partitions to be known before failing. */
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

  record Settings(
      String name,
      List<FeedSource<?>> sources,
      SnapshotStore store,
      SnapshotState state,
      long snapshotEvery,
      Duration snapshotInterval,
      int keepSnapshots,
      boolean snapshotOnClose,
      RestoreListener listener,
      Duration progressInterval,
      boolean allowRetentionGaps,
      ProtoeventsConfig.RetryPolicy retryPolicy) {}

  private final Settings settings;
  private final Consumer<String, byte[]> consumer;
  private final Map<String, FeedSource<?>> sourcesByTopic = new HashMap<>();
  private final Thread thread;
  private final FeedMeters meters;
  private final AutoCloseable clientMetrics;

  /** Run between two events, while restoring or live. */
  private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();

  /** Run between two live events only. */
  private final ConcurrentLinkedQueue<Command> rebuilds = new ConcurrentLinkedQueue<>();

  private final CountDownLatch closeRequested = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile StateFeed.State state = StateFeed.State.RESTORING;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<RestoreProgress> caughtUp = new CompletableFuture<>();
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final AtomicLong eventsApplied = new AtomicLong();
  private final Map<String, Long> unknownEvents = new ConcurrentHashMap<>();

  // Feed thread only.
  private List<TopicPartition> partitions = List.of();
  private long nextSequence;
  private long eventsSinceSnapshot;
  private long lastSnapshotNanos = System.nanoTime();
  private boolean live;

  FeedLoop(Settings settings, Consumer<String, byte[]> consumer, Metrics metrics) {
    this.settings = settings;
    this.consumer = consumer;
    this.meters = metrics.feed(settings.name(), eventsApplied::get);
    this.clientMetrics = metrics.bindClient(consumer);
    settings.sources().forEach(source -> sourcesByTopic.put(source.topic(), source));
    // Not a daemon: the feed is the service's work and ends with close().
    this.thread = new Thread(this::run, "protoevents-feed-" + settings.name());
  }

  void start() {
    thread.start();
  }

  String name() {
    return settings.name();
  }

  StateFeed.State state() {
    return state;
  }

  CompletableFuture<RestoreProgress> caughtUp() {
    return caughtUp;
  }

  Map<TopicPartition, Long> positions() {
    TreeMap<TopicPartition, Long> copy = new TreeMap<>(Snapshot.PARTITION_ORDER);
    copy.putAll(positions);
    return copy;
  }

  long eventsApplied() {
    return eventsApplied.get();
  }

  Map<String, Long> unknownEvents() {
    return Map.copyOf(unknownEvents);
  }

  Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  CompletableFuture<Snapshot> snapshotNow() {
    CompletableFuture<Snapshot> result = new CompletableFuture<>();
    if (settings.store() == null) {
      result.completeExceptionally(
          new IllegalStateException(
              "feed " + name() + " has no snapshot store; configure one with snapshots(store)"));
      return result;
    }
    submit(
        commands,
        new Command(result::completeExceptionally) {
          @Override
          void run() {
            try {
              result.complete(takeSnapshot());
            } catch (IOException | RuntimeException e) {
              result.completeExceptionally(e);
            }
          }
        });
    return result;
  }

  CompletableFuture<RestoreProgress> rebuild() {
    CompletableFuture<RestoreProgress> result = new CompletableFuture<>();
    submit(
        rebuilds,
        new Command(result::completeExceptionally) {
          @Override
          void run() throws Exception {
            try {
              result.complete(restore(false));
            } catch (Exception e) {
              result.completeExceptionally(e);
              throw e;
            }
          }
        });
    return result;
  }

  private void submit(ConcurrentLinkedQueue<Command> queue, Command command) {
    queue.add(command);
    // The loop drains the queues when it ends; a command added after that is abandoned here.
    if (!thread.isAlive() && (state == StateFeed.State.CLOSED || state == StateFeed.State.FAILED)) {
      if (queue.remove(command)) {
        command.abandon(new IllegalStateException("feed " + name() + " is " + state));
      }
    }
  }

  boolean close(Duration timeout) {
    if (!closing) {
      closing = true;
      closeRequested.countDown();
      consumer.wakeup();
    }
    if (Thread.currentThread() == thread) {
      return false;
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    try {
      partitions = discoverPartitions();
      consumer.assign(partitions);
      if (settings.store() != null) {
        nextSequence = settings.store().sequences().stream().findFirst().orElse(-1L) + 1;
      }
      try {
        restore(true);
        while (!closing) {
          runCommands(true);
          apply(poll(), Map.of());
          snapshotIfDue(true);
        }
      } catch (WakeupException | ClosedWhileRunning e) {
        if (!closing) {
          throw e;
        }
      }
      // Between two events the state matches the positions, also in the middle of a restore.
      if (settings.snapshotOnClose() && settings.store() != null && eventsSinceSnapshot > 0) {
        takeSnapshot();
      }
      state = StateFeed.State.CLOSED;
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      state = StateFeed.State.FAILED;
      log.error("feed {} stopped: {}", name(), t.getMessage(), t);
    } finally {
      Throwable cause = failure.get();
      caughtUp.completeExceptionally(
          cause != null ? cause : new IllegalStateException("feed " + name() + " was closed"));
      failQueued(rebuilds);
      failQueued(commands);
      try {
        meters.close();
        clientMetrics.close();
      } catch (Exception e) {
        log.warn("could not remove the meters of feed {}", name(), e);
      }
      try {
        consumer.close();
      } catch (RuntimeException e) {
        log.warn("could not close the consumer of feed {}", name(), e);
      }
    }
  }

  private void failQueued(ConcurrentLinkedQueue<Command> queue) {
    Command command;
    while ((command = queue.poll()) != null) {
      command.abandon(new IllegalStateException("feed " + name() + " is " + state));
    }
  }

  private List<TopicPartition> discoverPartitions() {
    List<TopicPartition> all = new ArrayList<>();
    long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
    for (FeedSource<?> source : settings.sources()) {
      List<PartitionInfo> infos = consumer.partitionsFor(source.topic());
      while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline && !closing) {
        log.info("feed {} waits for topic {} to exist", name(), source.topic());
        awaitClose(Duration.ofSeconds(1));
        infos = consumer.partitionsFor(source.topic());
      }
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic "
                + source.topic()
                + " of feed "
                + name()
                + " does not exist; create it first (TopicAdmin.createMissing)");
      }
      infos.stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .sorted(Snapshot.PARTITION_ORDER)
          .forEach(all::add);
    }
    return List.copyOf(all);
  }

  /**
   * Replays from the newest valid snapshot (or the log start) up to the end offsets of now, then
   * leaves every partition positioned exactly there for live consumption.
   */
  private RestoreProgress restore(boolean fromSnapshot) throws Exception {
    state = StateFeed.State.RESTORING;
    live = false;
    for (FeedSource<?> source : settings.sources()) {
      source.handler().restoreStarted();
    }
    Snapshot snapshot = fromSnapshot ? loadNewestValidSnapshot() : null;
    if (snapshot == null && settings.state() != null) {
      settings.state().clear();
    }
    notifyListener(listener -> listener.onRestoreStarted(snapshot));

    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> start = startOffsets(snapshot, beginning, end);
    positions.clear();
    positions.putAll(start);
    start.forEach(consumer::seek);
    consumer.resume(partitions);

    Set<TopicPartition> pending = new HashSet<>();
    for (TopicPartition partition : partitions) {
      if (start.get(partition) < end.get(partition)) {
        pending.add(partition);
      }
    }
    // A partition with nothing to restore waits, so no live event is applied before the hand-over.
    consumer.pause(partitions.stream().filter(p -> !pending.contains(p)).toList());
    ProgressTracker progress =
        new ProgressTracker(
            settings.sources().stream().map(FeedSource::topic).toList(), start, end);
    meters.restoreProgress(() -> progress.progress(false));
    log.info(
        "feed {} restores {} events of {} partitions from {}",
        name(),
        progress.progress(false).total(),
        partitions.size(),
        snapshot == null ? "the log start" : "snapshot " + snapshot.sequence());
    long nextReport = System.nanoTime() + settings.progressInterval().toNanos();
    while (!pending.isEmpty()) {
      if (closing) {
        throw new ClosedWhileRunning();
      }
      runCommands(false);
      ConsumerRecords<String, byte[]> records = poll();
      apply(records, end);
      for (TopicPartition partition : new ArrayList<>(pending)) {
        long position = consumer.position(partition);
        progress.advance(partition, position);
        if (position >= end.get(partition)) {
          pending.remove(partition);
          consumer.pause(List.of(partition)); // nothing past the end offset before the hand-over
        }
      }
      meters.restoreProgress(() -> progress.progress(false));
      snapshotIfDue(false);
      if (System.nanoTime() - nextReport >= 0) {
        RestoreProgress report = progress.progress(false);
        notifyListener(listener -> listener.onProgress(report));
        nextReport = System.nanoTime() + settings.progressInterval().toNanos();
      }
    }
    consumer.resume(partitions);
    RestoreProgress done = progress.progress(true);
    meters.restoreProgress(() -> done);
    for (FeedSource<?> source : settings.sources()) {
      source.handler().restoreCompleted();
    }
    state = StateFeed.State.LIVE;
    live = true;
    notifyListener(listener -> listener.onCaughtUp(done));
    caughtUp.complete(done);
    return done;
  }

  private Map<TopicPartition, Long> startOffsets(
      Snapshot snapshot, Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> start = new LinkedHashMap<>();
    Map<TopicPartition, String> gaps = new TreeMap<>(Snapshot.PARTITION_ORDER);
    for (TopicPartition partition : partitions) {
      long logStart = beginning.get(partition);
      long logEnd = end.get(partition);
      Long saved = snapshot == null ? null : snapshot.offsets().get(partition);
      if (saved == null) {
        start.put(partition, logStart);
      } else if (saved < logStart) {
        gaps.put(
            partition,
            "the snapshot continues at offset "
                + saved
                + " but the log starts at "
                + logStart
                + ": "
                + (logStart - saved)
                + " events were deleted by retention");
        start.put(partition, logStart);
      } else if (saved > logEnd) {
        gaps.put(
            partition,
            "the snapshot continues at offset "
                + saved
                + " but the log ends at "
                + logEnd
                + ": the topic was recreated or truncated");
        start.put(partition, logStart);
      } else {
        start.put(partition, saved);
      }
    }
    if (!gaps.isEmpty()) {
      String message =
          "feed "
              + name()
              + " cannot continue from snapshot "
              + snapshot.sequence()
              + " without losing events: "
              + gaps;
      if (!settings.allowRetentionGaps()) {
        throw new RetentionGapException(
            message
                + ". Replay into an empty state (delete the snapshots) or allow the gap with"
                + " allowRetentionGaps()",
            gaps);
      }
      log.warn("{}; going on from the log start as allowed", message);
    }
    return start;
  }

  /**
   * Loads the newest snapshot that the store can read and the state accepts into the state; a
   * snapshot either rejects is reported and the next older one tried.
   */
  private Snapshot loadNewestValidSnapshot() throws IOException {
    if (settings.store() == null) {
      return null;
    }
    for (long sequence : settings.store().sequences()) {
      try {
        Snapshot snapshot = settings.store().load(sequence);
        settings.state().readSnapshot(snapshot.state()); // unchanged if it throws
        log.info(
            "feed {} loads snapshot {} taken {} at offsets {}",
            name(),
            sequence,
            snapshot.takenAt(),
            snapshot.offsets());
        return snapshot;
      } catch (IOException e) {
        log.warn(
            "feed {} skips snapshot {} of {}: {}",
            name(),
            sequence,
            settings.store(),
            e.toString());
        notifyListener(listener -> listener.onSnapshotRejected(sequence, e));
      }
    }
    log.info("feed {} has no valid snapshot; replaying from the log start", name());
    return null;
  }

  private ConsumerRecords<String, byte[]> poll() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
    meters.polled(consumer);
    return records;
  }

  /**
   * Applies {@code records} in offset order per partition. While restoring ({@code end} not empty),
   * a record at or past its partition's end offset is not applied: the partition is sought back to
   * the end offset, so that the record is applied once, live, after the hand-over.
   *
   * <p>The position and the count other threads read are published once per partition and batch
   * (and before a snapshot, and when a record fails), not per record: on the feed's thread, between
   * two events, they always match the state.
   */
  private void apply(ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> end)
      throws InterruptedException {
    for (TopicPartition partition : records.partitions()) {
      Long endOffset = end.get(partition);
      boolean appliedAll = true;
      long next = -1;
      long applied = 0;
      try {
        for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
          if (endOffset != null && record.offset() >= endOffset) {
            consumer.seek(partition, endOffset);
            appliedAll = false;
            break;
          }
          applyOne(record);
          next = record.offset() + 1;
          applied++;
          eventsSinceSnapshot++;
          if (settings.snapshotEvery() > 0 && eventsSinceSnapshot >= settings.snapshotEvery()) {
            publish(partition, next, applied);
            applied = 0;
            saveSnapshotOrWarn();
          }
        }
      } finally {
        publish(partition, next, applied);
      }
      if (appliedAll) {
        // Past transaction markers or compacted-away offsets, the consumer's position is further.
        positions.merge(partition, consumer.position(partition), Math::max);
      }
    }
  }

  /** Publishes {@code applied} more events and the position {@code next} of {@code partition}. */
  private void publish(TopicPartition partition, long next, long applied) {
    if (applied > 0) {
      positions.put(partition, next);
      eventsApplied.addAndGet(applied);
    }
  }

  private void applyOne(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    FeedSource<?> source = sourcesByTopic.get(record.topic());
    FeedSource.Decoded<?> decoded;
    try {
      decoded = source.decode(record);
    } catch (EventDecodingException e) {
      throw new StateFeedException(
          "feed "
              + name()
              + " cannot read the record at "
              + IncomingRecords.coordinates(record)
              + " (key '"
              + record.key()
              + "'), so it cannot build the state past it",
          e);
    }
    if (decoded.unknownType() != null) {
      meters.unknown(record.topic(), decoded.unknownType());
    }
    if (decoded.unknownType() != null
        && unknownEvents.merge(decoded.unknownType(), 1L, Long::sum) == 1L) {
      log.info(
          "feed {} meets events of type {}, unknown to this code (first at {}); handing them to"
              + " onUnknown, counted in unknownEvents()",
          name(),
          decoded.unknownType(),
          IncomingRecords.coordinates(record));
    }
    ProtoeventsConfig.RetryPolicy retry = settings.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        decoded.deliver();
        return;
      } catch (Exception e) {
        if (attempt >= retry.maxAttempts()) {
          throw new StateFeedException(
              "the handler of feed "
                  + name()
                  + " failed "
                  + attempt
                  + " times on "
                  + IncomingRecords.coordinates(record)
                  + " (key '"
                  + record.key()
                  + "')",
              e);
        }
        long backoff = retry.backoffAfter(attempt);
        meters.retried(record.topic());
        log.warn(
            "handler of feed {} failed on {} (attempt {} of {}); retrying in {} ms",
            name(),
            IncomingRecords.coordinates(record),
            attempt,
            retry.maxAttempts(),
            backoff,
            e);
        if (closeRequested.await(backoff, TimeUnit.MILLISECONDS)) {
          throw new ClosedWhileRunning();
        }
      }
    }
  }

  private void snapshotIfDue(boolean onlyIfEventsArrived) {
    if (settings.store() == null || settings.snapshotInterval() == null) {
      return;
    }
    boolean due = System.nanoTime() - lastSnapshotNanos >= settings.snapshotInterval().toNanos();
    if (due && (eventsSinceSnapshot > 0 || !onlyIfEventsArrived)) {
      saveSnapshotOrWarn();
    }
  }

  private void saveSnapshotOrWarn() {
    try {
      takeSnapshot();
    } catch (IOException | RuntimeException e) {
      eventsSinceSnapshot = 0; // do not try again on every event; the next trigger will
      lastSnapshotNanos = System.nanoTime();
      log.warn("feed {} could not save a snapshot to {}", name(), settings.store(), e);
    }
  }

  /** Saves the state with the offsets it reflects, then deletes snapshots beyond the newest K. */
  private Snapshot takeSnapshot() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    settings.state().writeSnapshot(bytes);
    Snapshot snapshot = new Snapshot(nextSequence, Instant.now(), positions(), bytes.toByteArray());
    settings.store().save(snapshot);
    nextSequence++;
    eventsSinceSnapshot = 0;
    lastSnapshotNanos = System.nanoTime();
    List<Long> sequences = settings.store().sequences();
    for (long old :
        sequences.subList(Math.min(settings.keepSnapshots(), sequences.size()), sequences.size())) {
      settings.store().delete(old);
    }
    log.debug("feed {} saved {}{}", name(), snapshot, live ? "" : " while restoring");
    notifyListener(listener -> listener.onSnapshotWritten(snapshot));
    return snapshot;
  }

  private void runCommands(boolean live) throws Exception {
    Command command;
    while ((command = commands.poll()) != null) {
      command.run();
    }
    while (live && (command = rebuilds.poll()) != null) {
      command.run();
    }
  }

  private void awaitClose(Duration wait) {
    try {
      closeRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClosedWhileRunning();
    }
  }

  private void notifyListener(java.util.function.Consumer<RestoreListener> call) {
    try {
      call.accept(settings.listener());
    } catch (RuntimeException e) {
      log.warn("restore listener of feed {} failed; ignored", name(), e);
    }
  }

  /** A request from another thread, run on the feed's thread between two events. */
  private abstract static class Command {
    private final java.util.function.Consumer<Throwable> onAbandoned;

    Command(java.util.function.Consumer<Throwable> onAbandoned) {
      this.onAbandoned = onAbandoned;
    }

    abstract void run() throws Exception;

    void abandon(Throwable why) {
      onAbandoned.accept(why);
    }
  }

  /** Ends the loop quietly: close() was called while it waited or worked. */
  private static final class ClosedWhileRunning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClosedWhileRunning() {
      super(null, null, false, false);
    }
  }
}
