package dev.protoevents.runtime;

import dev.protoevents.runtime.envelope.Envelope;
import dev.protoevents.runtime.internal.CommitTracker;
import dev.protoevents.runtime.internal.DeadLetterWriter;
import dev.protoevents.runtime.internal.IncomingRecords;
import dev.protoevents.runtime.internal.PartitionRetries;
import dev.protoevents.runtime.offsets.OffsetMove;
import dev.protoevents.runtime.offsets.OffsetReset;
import dev.protoevents.runtime.offsets.OffsetResolver;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a consumer of its own, polled on a thread of its own, running the pipeline
 * subscribe → decode → dispatch → commit.
 *
 * <p>Only the subscription's thread touches the consumer, except for {@link Consumer#wakeup()},
 * which {@link #close()} uses to cut a poll short. A failed event does not block the thread: its
 * partition is sought back to it and paused for the backoff ({@link PartitionRetries}), and the
 * thread keeps polling the other partitions, so {@code max.poll.interval.ms} is never exceeded by a
 * backoff. Finished offsets go out with {@code commitAsync} after each batch and {@code commitSync}
 * on revocation and close ({@link CommitTracker}). Records given up on go to the dead-letter topic
 * ({@link DeadLetterWriter}), to the user's handler, or stop the subscription. Timeouts of the
 * broker (commits, positions, polls, dead-letter writes) never end it: it says {@link
 * SubscriptionState#DEGRADED} and tries again.
 */
final class KafkaSubscription<E> implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);

  /** Poll as long as possible: close() wakes the consumer, so this does not delay shutdown. */
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

  /** Bounds each position lookup, so an outage during assignment cannot hold up the poll loop. */
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

  /** Bounds the commit on revocation, which runs inside poll(). */
  private static final Duration REVOKE_COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Bounds waiting for a dead letter's acknowledgement; it is tried again after a backoff. */
  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(15);

  /** Time given to the final commit and leaving the group even after the close timeout. */
  private static final Duration MIN_CLOSE_GRACE = Duration.ofSeconds(2);

  /** How often the loop looks at the consumer's heartbeat metric. */
  private static final long HEARTBEAT_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Heartbeats unanswered this long (or 3 intervals if longer) mean the broker is away. */
  private static final double MIN_HEARTBEAT_SILENCE_SECONDS = 10;

  /** Pause after a poll that failed retriably, so an outage does not spin the thread. */
  private static final long OUTAGE_PAUSE_MILLIS = 1000;

  static final String UNDECODABLE = "undecodable";
  static final String LISTENER_FAILED = "listener-failed";

  /** What became of one record. */
  private enum Outcome {
    /** Handled or given up on for good: commit past it. */
    DONE,
    /** Sought back and paused: the partition delivers it again after the backoff. */
    RETRY_LATER,
    /** The subscription must stop before it (stop policy). */
    STOP,
    /** Closing: leave it uncommitted for the next owner. */
    ABANDON
  }

  /** Everything a subscription is told when it is made. */
  record Settings(
      String topic,
      String groupId,
      String threadName,
      ProtoeventsConfig.RetryPolicy retryPolicy,
      SubscriptionOptions.Policy policy,
      Optional<UndeliverableRecordHandler> handler,
      DeadLetterWriter deadLetters,
      String deadLetterTopic,
      Optional<SubscriptionStateListener> stateListener,
      Duration closeTimeout,
      Duration heartbeatInterval,
      Envelope envelope) {}

  private final Settings settings;
  private final String topic;
  private final String groupId;
  private final Consumer<String, byte[]> consumer;
  private final EventDecoder<? extends E> decoder;
  private final EventListener<E> listener;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final java.util.function.Consumer<KafkaSubscription<?>> onTerminated;
  private final Thread thread;

  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile long closeDeadlineNanos;

  /** Counted down by close(), so that waits on the poll thread end at once. */
  private final CountDownLatch closeRequested = new CountDownLatch(1);

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object stateLock = new Object();
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private boolean assigned; // guarded by stateLock
  private boolean terminated; // guarded by stateLock

  // Poll thread only.
  private final PartitionRetries retries = new PartitionRetries();

  /** Offset resets asked for by other threads; run on the poll thread between two polls. */
  private final ConcurrentLinkedQueue<Reset> resets = new ConcurrentLinkedQueue<>();

  private record Reset(OffsetReset reset, CompletableFuture<List<OffsetMove>> result) {}

  private final CommitTracker commits;
  private final Set<TopicPartition> positionsPending = new HashSet<>();
  private boolean commitDegraded;
  private boolean positionDegraded;
  private boolean pollDegraded;
  private boolean deadLetterDegraded;
  private boolean heartbeatDegraded;
  private boolean assignmentSeen;
  private MetricName heartbeatMetric;
  private long nextHeartbeatCheck = System.nanoTime();
  private double heartbeatsAnswered = -1;
  private long lastHeartbeatAnswer = System.nanoTime();

  // Counters, read by stats() from any thread.
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong undeliverable = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final Map<String, AtomicLong> unknownByType = new ConcurrentHashMap<>();
  private final AtomicLong rebalances = new AtomicLong();
  private final AtomicLong commitFailures = new AtomicLong();
  private volatile int generation = -1;

  KafkaSubscription(
      Settings settings,
      Consumer<String, byte[]> consumer,
      EventDecoder<? extends E> decoder,
      EventListener<E> listener,
      java.util.function.Consumer<KafkaSubscription<?>> onTerminated) {
    this.settings = settings;
    this.topic = settings.topic();
    this.groupId = settings.groupId();
    this.retryPolicy = settings.retryPolicy();
    this.consumer = consumer;
    this.decoder = decoder;
    this.listener = listener;
    this.onTerminated = onTerminated;
    this.commits = new CommitTracker(consumer, new CommitObserver());
    // Not a daemon: like a server's request threads, a subscription is the service's work, and
    // ends with close(), not when main() returns.
    this.thread = new Thread(this::run, settings.threadName());
  }

  void start() {
    thread.start();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String groupId() {
    return groupId;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns once the group has given this subscription its share of the topic (possibly no
   * partitions, if the group has more members than the topic has partitions) and the starting
   * offsets are known; false if the subscription has stopped or the time ran out.
   */
  @Override
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateLock) {
      while (!assigned && !terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(stateLock, remaining);
      }
      return assigned && !terminated;
    }
  }

  @Override
  public boolean isActive() {
    return !closing.get() && !state.isTerminal();
  }

  @Override
  public SubscriptionState state() {
    return state;
  }

  @Override
  public SubscriptionStats stats() {
    Map<String, Long> byType = new HashMap<>();
    unknownByType.forEach((type, count) -> byType.put(type, count.get()));
    return new SubscriptionStats(
        handled.get(),
        retried.get(),
        deadLettered.get(),
        undeliverable.get(),
        unknown.get(),
        byType,
        rebalances.get(),
        generation,
        commitFailures.get());
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public void close() {
    close(settings.closeTimeout());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Called from the listener, it returns at once and the subscription ends as soon as the
   * listener returns (committing that event if it returns normally). If the calling thread is
   * interrupted while waiting, it stops waiting and keeps its interrupt status.
   */
  @Override
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    requestClose(timeout);
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!awaitTermination(timeout)) {
        interruptListener(timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long millis = Math.max(1, timeout.toMillis());
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Asks the poll loop to stop after the current event, without waiting for it. */
  void requestClose(Duration timeout) {
    if (closing.compareAndSet(false, true)) {
      closeDeadlineNanos = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
      closeRequested.countDown();
      // Exactly one wakeup: a second one could hit the final commit after the first was consumed.
      consumer.wakeup();
      setState(SubscriptionState.STOPPING);
    }
  }

  /** Interrupts the thread if it is still running: the close timeout has passed. */
  void interruptListener(Duration timeout) {
    if (thread.isAlive()) {
      log.warn(
          "subscription of group {} to {} did not finish its current event within {}; interrupting"
              + " its listener (the event is not committed)",
          groupId,
          topic,
          timeout);
      thread.interrupt();
    }
  }

  boolean runsOnCurrentThread() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    ConsumerRecord<String, byte[]> current = null;
    try {
      consumer.subscribe(List.of(topic), new RebalanceListener());
      while (!closing.get()) {
        runResets();
        resumeDuePartitions();
        resolvePendingPositions();
        checkHeartbeat();
        updateState();
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(pollTimeout());
          pollDegraded = false;
        } catch (WakeupException e) {
          continue; // only close() wakes the consumer; the loop condition ends it
        } catch (RetriableException e) {
          pollDegraded = true;
          updateState();
          log.warn("poll of group {} on {} failed; trying again", groupId, topic, e);
          closeRequested.await(OUTAGE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
          continue;
        }
        boolean go = true;
        batch:
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
            if (closing.get()) {
              go = false;
              break batch;
            }
            current = record;
            Outcome outcome = handle(partition, record);
            current = null;
            if (outcome == Outcome.DONE) {
              commits.finished(
                  partition, new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
            } else if (outcome == Outcome.RETRY_LATER) {
              break; // the partition is paused and sought back; the others go on
            } else {
              go = false;
              break batch;
            }
          }
        }
        if (!go) {
          break;
        }
        commits.commitAsync();
      }
    } catch (InterruptException | InterruptedException e) {
      // The close timeout passed while the thread waited; finish the close below.
      if (!closing.get()) {
        stopOnFailure(current, e);
      }
    } catch (Throwable t) {
      // Errors from the listener and consumer failures that are not retriable: stop, not skip.
      stopOnFailure(current, t);
    } finally {
      shutdown();
    }
  }

  @Override
  public CompletableFuture<List<OffsetMove>> resetOffsets(OffsetReset reset) {
    Objects.requireNonNull(reset, "reset");
    CompletableFuture<List<OffsetMove>> result = new CompletableFuture<>();
    resets.add(new Reset(reset, result));
    synchronized (stateLock) {
      if (terminated && resets.remove(new Reset(reset, result))) {
        result.completeExceptionally(
            new IllegalStateException("subscription " + this + " has ended; nothing to reset"));
      }
    }
    return result;
  }

  /** Seeks the assigned partitions as asked and commits the new positions. Poll thread only. */
  private void runResets() {
    Reset request;
    while ((request = resets.poll()) != null) {
      try {
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : assignment) {
          positions.put(partition, consumer.position(partition, POSITION_TIMEOUT));
        }
        List<OffsetMove> moves =
            OffsetResolver.of(consumer, POSITION_TIMEOUT)
                .plan(assignment, request.reset(), positions);
        List<TopicPartition> moved = moves.stream().map(OffsetMove::topicPartition).toList();
        // Retries waiting on these partitions belong to records the reset leaves behind or
        // will deliver afresh.
        retries.forget(moved);
        commits.forget(moved);
        consumer.resume(moved);
        for (OffsetMove move : moves) {
          consumer.seek(move.topicPartition(), move.to());
          commits.finished(move.topicPartition(), new OffsetAndMetadata(move.to()));
        }
        commits.commitSync(moved, POSITION_TIMEOUT);
        log.info("group {} reset {} of {}: {}", groupId, request.reset(), topic, moves);
        request.result().complete(moves);
      } catch (RuntimeException e) {
        request.result().completeExceptionally(e);
      }
    }
  }

  private void failPendingResets() {
    Reset request;
    while ((request = resets.poll()) != null) {
      request
          .result()
          .completeExceptionally(
              new IllegalStateException("subscription " + this + " ended before the reset"));
    }
  }

  private Duration pollTimeout() {
    long millis = retries.millisUntilNextDue().orElse(POLL_TIMEOUT.toMillis());
    return Duration.ofMillis(Math.max(1, Math.min(millis, POLL_TIMEOUT.toMillis())));
  }

  private void resumeDuePartitions() {
    List<TopicPartition> due = retries.takeDue();
    if (!due.isEmpty()) {
      due.retainAll(consumer.assignment());
      consumer.resume(due);
    }
  }

  /**
   * Decodes {@code record} and hands it to the listener once.
   *
   * @return what became of the record
   */
  private Outcome handle(TopicPartition partition, ConsumerRecord<String, byte[]> record)
      throws InterruptedException {
    int attempt = retries.attemptsBefore(partition, record.offset()) + 1;
    IncomingEvent incoming;
    try {
      incoming = IncomingRecords.toIncomingEvent(record, settings.envelope(), attempt);
    } catch (EventDecodingException e) {
      return undeliverable(partition, record, e, 0, UNDECODABLE);
    }
    if (attempt > retryPolicy.maxAttempts()) {
      // Only after a dead letter could not be written: the listener has had all its attempts.
      Throwable cause = retries.lastCause(partition, record.offset());
      boolean undecodable = cause instanceof EventDecodingException;
      return undeliverable(
          partition,
          record,
          cause,
          undecodable ? 0 : retryPolicy.maxAttempts(),
          undecodable ? UNDECODABLE : LISTENER_FAILED);
    }
    E event;
    try {
      event = decoder.decode(incoming);
      if (event == null) {
        throw new EventDecodingException(
            "the decoder returned no event for " + incoming.describe());
      }
    } catch (EventDecodingException e) {
      if (e.isUnknownEventType()) {
        if (attempt == 1) {
          countUnknown(incoming);
        }
        return deliver(partition, record, attempt, () -> listener.onUnknown(incoming), false);
      }
      return undeliverable(partition, record, e, 0, UNDECODABLE);
    } catch (RuntimeException e) {
      return undeliverable(
          partition,
          record,
          new EventDecodingException("the decoder failed on " + incoming.describe(), e),
          0,
          UNDECODABLE);
    }
    return deliver(partition, record, attempt, () -> listener.onEvent(event), true);
  }

  /** A call of the listener. */
  @FunctionalInterface
  private interface ListenerCall {
    void run() throws Exception;
  }

  private Outcome deliver(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      int attempt,
      ListenerCall call,
      boolean countHandled)
      throws InterruptedException {
    try {
      call.run();
    } catch (Exception e) {
      if (closing.get()) {
        log.info(
            "listener of group {} failed on {} while closing; leaving it uncommitted",
            groupId,
            coordinates(record),
            e);
        return Outcome.ABANDON;
      }
      if (attempt >= retryPolicy.maxAttempts()) {
        return undeliverable(partition, record, e, attempt, LISTENER_FAILED);
      }
      long backoff = retryPolicy.backoffAfter(attempt);
      log.warn(
          "listener of group {} failed on {} (attempt {} of {}); retrying in {} ms",
          groupId,
          coordinates(record),
          attempt,
          retryPolicy.maxAttempts(),
          backoff,
          e);
      retryLater(partition, record, attempt, backoff, e);
      retried.incrementAndGet();
      return Outcome.RETRY_LATER;
    }
    retries.done(partition);
    if (countHandled) {
      handled.incrementAndGet();
    }
    return Outcome.DONE;
  }

  /** Seeks the partition back to {@code record} and pauses it for {@code backoffMillis}. */
  private void retryLater(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      int attempts,
      long backoffMillis,
      Throwable cause) {
    retries.schedule(partition, record.offset(), attempts, backoffMillis, cause);
    consumer.seek(partition, new OffsetAndMetadata(record.offset(), record.leaderEpoch(), ""));
    consumer.pause(List.of(partition));
  }

  private void countUnknown(IncomingEvent incoming) {
    unknown.incrementAndGet();
    String type = incoming.metadata().eventType();
    AtomicLong count = unknownByType.computeIfAbsent(type, t -> new AtomicLong());
    if (count.getAndIncrement() == 0) {
      log.info(
          "subscription of group {} to {} meets event type '{}' first at {}, which its decoder"
              + " does not know (a newer producer?); handing such events to onUnknown, by default"
              + " skipping them (logged once per type, counted in stats())",
          groupId,
          topic,
          type,
          incoming.describe());
    }
  }

  private Outcome undeliverable(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Throwable cause,
      int attempts,
      String reason)
      throws InterruptedException {
    switch (settings.policy()) {
      case STOP:
        return stop(record, cause, reason);
      case HANDLER:
        boolean kept;
        try {
          kept = settings.handler().orElseThrow().handle(record, cause);
        } catch (Exception e) {
          e.addSuppressed(cause);
          return stop(record, e, reason + "; the undeliverable-record handler failed");
        }
        if (!kept) {
          return stop(record, cause, reason + "; the undeliverable-record handler kept it");
        }
        undeliverable.incrementAndGet();
        retries.done(partition);
        log.warn(
            "{} is undeliverable ({}); handed to the handler, continuing after it",
            coordinates(record),
            reason,
            cause);
        return Outcome.DONE;
      case DEAD_LETTER:
      default:
        return deadLetter(partition, record, cause, attempts, reason);
    }
  }

  private Outcome deadLetter(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Throwable cause,
      int attempts,
      String reason)
      throws InterruptedException {
    String target = settings.deadLetterTopic();
    try {
      settings
          .deadLetters()
          .write(record, target, groupId, reason, attempts, cause, DEAD_LETTER_TIMEOUT);
    } catch (InterruptedException e) {
      if (closing.get()) {
        return Outcome.ABANDON;
      }
      throw e;
    } catch (Exception e) {
      if (closing.get()) {
        return Outcome.ABANDON;
      }
      deadLetterDegraded = true;
      long backoff = retryPolicy.maxBackoffMillis();
      log.warn(
          "could not write {} to dead-letter topic {}; trying again in {} ms",
          coordinates(record),
          target,
          backoff,
          e);
      retryLater(partition, record, retryPolicy.maxAttempts(), backoff, cause);
      updateState();
      return Outcome.RETRY_LATER;
    }
    deadLetterDegraded = false;
    deadLettered.incrementAndGet();
    undeliverable.incrementAndGet();
    retries.done(partition);
    log.warn(
        "{} (key '{}') is undeliverable ({}, {} attempts); wrote it to {} and go on",
        coordinates(record),
        record.key(),
        reason,
        attempts,
        target,
        cause);
    return Outcome.DONE;
  }

  private Outcome stop(ConsumerRecord<String, byte[]> record, Throwable cause, String why) {
    undeliverable.incrementAndGet();
    failure.compareAndSet(null, cause);
    log.error(
        "subscription of group {} to {} stopped: {} (key '{}') is undeliverable ({}); nothing from"
            + " this offset on is committed",
        groupId,
        topic,
        coordinates(record),
        record.key(),
        why,
        cause);
    return Outcome.STOP;
  }

  private void stopOnFailure(ConsumerRecord<String, byte[]> record, Throwable cause) {
    failure.compareAndSet(null, cause);
    if (record == null) {
      log.error("subscription of group {} to {} stopped on a failure", groupId, topic, cause);
    } else {
      log.error(
          "subscription of group {} to {} stopped on a failure while handling {} (key '{}');"
              + " nothing from this offset on is committed",
          groupId,
          topic,
          coordinates(record),
          record.key(),
          cause);
    }
  }

  /** Commits what is finished, leaves the group and ends; runs on the poll thread. */
  private void shutdown() {
    closing.set(true);
    closeRequested.countDown();
    setState(SubscriptionState.STOPPING);
    // An interrupt from a timed-out close() has done its job; the consumer must not see it.
    Thread.interrupted();
    try {
      commits.commitAllSync(closeGrace());
    } catch (RuntimeException e) {
      log.warn(
          "could not commit finished offsets {} of group {} on topic {} while stopping; "
              + "those events will be delivered again",
          commits.pendingOffsets(),
          groupId,
          topic,
          e);
    }
    try {
      consumer.close(CloseOptions.timeout(closeGrace()));
    } catch (RuntimeException e) {
      log.warn("could not close the consumer of group {} on topic {}", groupId, topic, e);
    }
    synchronized (stateLock) {
      terminated = true;
      stateLock.notifyAll();
    }
    failPendingResets();
    setState(failure.get() == null ? SubscriptionState.STOPPED : SubscriptionState.FAILED);
    onTerminated.accept(this);
  }

  private Duration closeGrace() {
    long remaining = closeDeadlineNanos - System.nanoTime();
    return closeDeadlineNanos == 0 || remaining < MIN_CLOSE_GRACE.toNanos()
        ? MIN_CLOSE_GRACE
        : Duration.ofNanos(remaining);
  }

  private void updateState() {
    boolean isAssigned;
    synchronized (stateLock) {
      isAssigned = assigned;
    }
    SubscriptionState next;
    if (closing.get()) {
      next = SubscriptionState.STOPPING;
    } else if (commitDegraded
        || positionDegraded
        || pollDegraded
        || deadLetterDegraded
        || heartbeatDegraded) {
      next = SubscriptionState.DEGRADED;
    } else if (!isAssigned) {
      next = SubscriptionState.STARTING;
    } else if (retries.anyPaused()) {
      next = SubscriptionState.PAUSED;
    } else {
      next = SubscriptionState.RUNNING;
    }
    setState(next);
  }

  private void setState(SubscriptionState next) {
    SubscriptionState previous;
    synchronized (stateLock) {
      previous = state;
      if (previous == next
          || previous.isTerminal()
          || (previous == SubscriptionState.STOPPING && !next.isTerminal())) {
        return;
      }
      state = next;
    }
    if (next == SubscriptionState.DEGRADED) {
      log.warn(
          "subscription of group {} to {} is degraded: the broker does not answer", groupId, topic);
    } else if (previous == SubscriptionState.DEGRADED) {
      log.info("subscription of group {} to {} recovered: {}", groupId, topic, next);
    }
    settings
        .stateListener()
        .ifPresent(
            stateListener -> {
              try {
                stateListener.onStateChange(this, previous, next);
              } catch (RuntimeException e) {
                log.warn("state listener of group {} on {} failed", groupId, topic, e);
              }
            });
  }

  /**
   * Notices an unreachable broker while nothing else talks to it (no events, no commits): the
   * consumer's background thread heartbeats the group coordinator every {@code
   * heartbeat.interval.ms}, and its metric {@code heartbeat-total} counts the answers; when it has
   * not grown for a while, the coordinator cannot be reached.
   */
  private void checkHeartbeat() {
    long now = System.nanoTime();
    if (!assignmentSeen || now - nextHeartbeatCheck < 0) {
      return;
    }
    nextHeartbeatCheck = now + HEARTBEAT_CHECK_NANOS;
    Map<MetricName, ? extends Metric> metrics = consumer.metrics();
    if (heartbeatMetric == null) {
      heartbeatMetric =
          metrics.keySet().stream()
              .filter(name -> name.name().equals("heartbeat-total"))
              .findFirst()
              .orElse(null);
      if (heartbeatMetric == null) {
        return;
      }
    }
    Metric metric = metrics.get(heartbeatMetric);
    if (metric == null || !(metric.metricValue() instanceof Number total)) {
      return;
    }
    if (total.doubleValue() != heartbeatsAnswered) {
      heartbeatsAnswered = total.doubleValue();
      lastHeartbeatAnswer = now;
      heartbeatDegraded = false;
      return;
    }
    double silenceSeconds =
        Math.max(
            MIN_HEARTBEAT_SILENCE_SECONDS, 3 * settings.heartbeatInterval().toMillis() / 1000.0);
    long silentNanos = now - lastHeartbeatAnswer;
    if (silentNanos > silenceSeconds * 1e9 && !heartbeatDegraded) {
      heartbeatDegraded = true;
      log.warn(
          "group {} on {} has had no answer from its coordinator for {} ms",
          groupId,
          topic,
          TimeUnit.NANOSECONDS.toMillis(silentNanos));
    }
  }

  /** Resolves the start offsets of newly assigned partitions; retried each loop on timeouts. */
  private void resolvePendingPositions() {
    Iterator<TopicPartition> pending = positionsPending.iterator();
    while (pending.hasNext()) {
      TopicPartition partition = pending.next();
      try {
        consumer.position(partition, POSITION_TIMEOUT);
        pending.remove();
      } catch (RetriableException e) {
        if (!positionDegraded) {
          log.warn(
              "group {} cannot look up the position of {} yet; trying again",
              groupId,
              partition,
              e);
        }
        positionDegraded = true;
        return;
      } catch (WakeupException e) {
        return; // closing
      }
    }
    positionDegraded = false;
    if (!assignmentSeen) {
      return; // nothing assigned yet: no partitions is not the same as an empty assignment
    }
    synchronized (stateLock) {
      if (!assigned) {
        assigned = true;
        stateLock.notifyAll();
      }
    }
  }

  /** Builds the undecoded event of a first delivery attempt. */
  static IncomingEvent toIncomingEvent(ConsumerRecord<String, byte[]> record)
      throws EventDecodingException {
    return IncomingRecords.toIncomingEvent(record, 1);
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return IncomingRecords.coordinates(record);
  }

  @Override
  public String toString() {
    return "Subscription[" + thread.getName() + ", " + state + "]";
  }

  /** Sets and clears the degraded flag of commits. Poll thread (commit callbacks run on it). */
  private final class CommitObserver implements CommitTracker.Observer {
    @Override
    public void commitFailed(Exception error) {
      commitFailures.incrementAndGet();
      if (error instanceof RetriableException) {
        if (!commitDegraded) {
          log.warn("commit of group {} on {} failed; trying again", groupId, topic, error);
        }
        commitDegraded = true;
      } else {
        log.warn(
            "commit of group {} on {} failed; if the partitions moved, their new owner receives"
                + " those events again",
            groupId,
            topic,
            error);
      }
    }

    @Override
    public void commitSucceeded() {
      commitDegraded = false;
    }
  }

  /** Commits on revocation and resolves positions on assignment. Poll thread only. */
  private final class RebalanceListener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commits.commitSync(partitions, REVOKE_COMMIT_TIMEOUT);
      } catch (KafkaException e) {
        log.warn(
            "group {} could not commit {} on revocation; the new owner receives those events"
                + " again",
            groupId,
            partitions,
            e);
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another member owns them already; committing now would fail or overwrite its progress.
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      commits.forget(partitions);
      retries.forget(partitions);
      positionsPending.removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      rebalances.incrementAndGet();
      assignmentSeen = true;
      lastHeartbeatAnswer = System.nanoTime();
      generation = consumer.groupMetadata().generationId();
      // Resolve the start offsets now (committed, or auto.offset.reset): then "assigned" really
      // means that events published from here on reach this subscription, even with "latest".
      positionsPending.addAll(partitions);
      resolvePendingPositions();
      updateState();
    }
  }
}
