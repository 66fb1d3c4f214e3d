package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventListener;
import dev.protoevents.runtime.SubscriptionState;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribe step and the loop around the others: subscribes the consumer, polls, hands each
 * record to the {@link RecordDispatcher} (decode and dispatch), marks what is done in the {@link
 * CommitTracker} and commits after each batch; between polls it runs offset resets, resumes
 * partitions whose backoff is over, resolves positions of new partitions and watches heartbeats.
 * Runs on the subscription's thread, the only one that touches the consumer (besides {@link
 * Consumer#wakeup()} from a close). Timeouts of the broker never end it: the status says {@link
 * SubscriptionState#DEGRADED} and it tries again.
 *
 * @param <E> the type of the decoded events
 */
public final class PollLoop<E> implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  /** Poll as long as possible: a close wakes the consumer, so this does not delay shutdown. */
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

  /** Bounds each position lookup, so an outage during assignment cannot hold up the poll loop. */
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

  /** Bounds the commit on revocation, which runs inside poll(). */
  private static final Duration REVOKE_COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Time given to the final commit and leaving the group even after the close timeout. */
  private static final Duration MIN_CLOSE_GRACE = Duration.ofSeconds(2);

  /** Pause after a poll that failed retriably, so an outage does not spin the thread. */
  private static final long OUTAGE_PAUSE_MILLIS = 1000;

  private final String topic;
  private final String groupId;
  private final Consumer<String, byte[]> consumer;
  private final SubscriptionStatus status;
  private final DeliveryStats stats;
  private final Runnable onTerminated;
  private final PartitionRetries retries = new PartitionRetries();
  private final CommitTracker commits;
  private final RecordDispatcher<E> dispatcher;
  private final HeartbeatWatch heartbeat;
  private final Set<TopicPartition> positionsPending = new HashSet<>();
  private boolean assignmentSeen;

  /** Offset resets asked for by other threads; run on the poll thread between two polls. */
  private final ConcurrentLinkedQueue<Reset> resets = new ConcurrentLinkedQueue<>();

  private record Reset(OffsetReset reset, CompletableFuture<List<OffsetMove>> result) {}

  /**
   * The loop of one subscription; {@code onTerminated} runs on its thread once the consumer is
   * closed.
   */
  public PollLoop(
      SubscriptionSettings settings,
      Consumer<String, byte[]> consumer,
      EventDecoder<? extends E> decoder,
      EventListener<E> listener,
      SubscriptionStatus status,
      DeliveryStats stats,
      Runnable onTerminated) {
    this.topic = settings.topic();
    this.groupId = settings.groupId();
    this.consumer = consumer;
    this.status = status;
    this.stats = stats;
    this.onTerminated = onTerminated;
    this.commits = new CommitTracker(consumer, settings.commitInterval(), new CommitObserver());
    this.dispatcher =
        new RecordDispatcher<>(
            settings,
            consumer,
            new RecordDecoding<>(settings.envelope(), decoder),
            listener,
            retries,
            status,
            stats);
    this.heartbeat = new HeartbeatWatch(consumer, status, settings);
  }

  /** Cuts a poll short; the only call of the consumer from another thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void run() {
    ConsumerRecord<String, byte[]> current = null;
    try {
      consumer.subscribe(List.of(topic), new RebalanceListener());
      while (!status.closing()) {
        runResets();
        resumeDuePartitions();
        resolvePendingPositions();
        heartbeat.check();
        updateState();
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(pollTimeout());
          status.trouble(SubscriptionStatus.Trouble.POLL, false);
          stats.polled(consumer);
        } catch (WakeupException e) {
          continue; // only a close wakes the consumer; the loop condition ends it
        } catch (RetriableException e) {
          status.trouble(SubscriptionStatus.Trouble.POLL, true);
          updateState();
          log.warn("poll of group {} on {} failed; trying again", groupId, topic, e);
          status.pauseUnlessClosing(OUTAGE_PAUSE_MILLIS);
          continue;
        }
        boolean go = true;
        batch:
        for (TopicPartition partition : records.partitions()) {
          // The last record of this partition that is done with; marked finished once per batch.
          ConsumerRecord<String, byte[]> done = null;
          try {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
              if (status.closing()) {
                go = false;
                break batch;
              }
              current = record;
              Outcome outcome = dispatcher.handle(partition, record);
              current = null;
              if (outcome == Outcome.DONE) {
                done = record;
              } else if (outcome == Outcome.RETRY_LATER) {
                break; // the partition is paused and sought back; the others go on
              } else {
                go = false;
                break batch;
              }
            }
          } finally {
            dispatcher.publishStats();
            // Also when the loop ends on a failure: what was done is committed on the way out.
            if (done != null) {
              commits.finished(
                  partition, new OffsetAndMetadata(done.offset() + 1, done.leaderEpoch(), ""));
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
      if (!status.closing()) {
        stopOnFailure(current, e);
      }
    } catch (Throwable t) {
      // Errors from the listener and consumer failures that are not retriable: stop, not skip.
      stopOnFailure(current, t);
    } finally {
      shutdown();
    }
  }

  /**
   * Asks the loop to move the assigned partitions as {@code reset} says, between two polls.
   *
   * @return completes with the moves, or exceptionally if the reset failed or the loop ended
   */
  public CompletableFuture<List<OffsetMove>> resetOffsets(OffsetReset reset) {
    CompletableFuture<List<OffsetMove>> result = new CompletableFuture<>();
    Reset request = new Reset(reset, result);
    resets.add(request);
    status.ifTerminated(
        () -> {
          if (resets.remove(request)) {
            result.completeExceptionally(
                new IllegalStateException(
                    "subscription " + status.owner() + " has ended; nothing to reset"));
          }
        });
    return result;
  }

  /** Seeks the assigned partitions as asked and commits the new positions. */
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
              new IllegalStateException(
                  "subscription " + status.owner() + " ended before the reset"));
    }
  }

  /** Up to a second; shorter when a paused partition is due or finished offsets wait to go out. */
  private Duration pollTimeout() {
    long millis =
        Math.min(
            retries.millisUntilNextDue().orElse(POLL_TIMEOUT.toMillis()),
            commits.millisUntilDue().orElse(POLL_TIMEOUT.toMillis()));
    return Duration.ofMillis(Math.max(1, Math.min(millis, POLL_TIMEOUT.toMillis())));
  }

  private void resumeDuePartitions() {
    List<TopicPartition> due = retries.takeDue();
    if (!due.isEmpty()) {
      due.retainAll(consumer.assignment());
      consumer.resume(due);
    }
  }

  private void updateState() {
    status.update(retries.anyPaused());
  }

  private void stopOnFailure(ConsumerRecord<String, byte[]> record, Throwable cause) {
    status.failed(cause);
    if (record == null) {
      log.error("subscription of group {} to {} stopped on a failure", groupId, topic, cause);
    } else {
      log.error(
          "subscription of group {} to {} stopped on a failure while handling {} (key '{}');"
              + " nothing from this offset on is committed",
          groupId,
          topic,
          IncomingRecords.coordinates(record),
          record.key(),
          cause);
    }
  }

  /** Commits what is finished, leaves the group and ends. */
  private void shutdown() {
    status.loopEnding();
    status.set(SubscriptionState.STOPPING);
    // An interrupt from a timed-out close() has done its job; the consumer must not see it.
    Thread.interrupted();
    try {
      commits.commitAllSync(status.closeGrace(MIN_CLOSE_GRACE));
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
      consumer.close(CloseOptions.timeout(status.closeGrace(MIN_CLOSE_GRACE)));
    } catch (RuntimeException e) {
      log.warn("could not close the consumer of group {} on topic {}", groupId, topic, e);
    }
    status.terminated();
    failPendingResets();
    status.set(status.failure().isEmpty() ? SubscriptionState.STOPPED : SubscriptionState.FAILED);
    onTerminated.run();
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
        if (!status.has(SubscriptionStatus.Trouble.POSITION)) {
          log.warn(
              "group {} cannot look up the position of {} yet; trying again",
              groupId,
              partition,
              e);
        }
        status.trouble(SubscriptionStatus.Trouble.POSITION, true);
        return;
      } catch (WakeupException e) {
        return; // closing
      }
    }
    status.trouble(SubscriptionStatus.Trouble.POSITION, false);
    if (!assignmentSeen) {
      return; // nothing assigned yet: no partitions is not the same as an empty assignment
    }
    status.markAssigned();
  }

  /** Sets and clears the COMMIT trouble. Poll thread (commit callbacks run on it). */
  private final class CommitObserver implements CommitTracker.Observer {
    @Override
    public void commitFailed(Exception error) {
      stats.commitFailed();
      if (error instanceof RetriableException) {
        if (!status.has(SubscriptionStatus.Trouble.COMMIT)) {
          log.warn("commit of group {} on {} failed; trying again", groupId, topic, error);
        }
        status.trouble(SubscriptionStatus.Trouble.COMMIT, true);
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
      status.trouble(SubscriptionStatus.Trouble.COMMIT, false);
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
      assignmentSeen = true;
      heartbeat.assigned();
      stats.rebalanced(consumer.groupMetadata().generationId());
      // Resolve the start offsets now (committed, or auto.offset.reset): then "assigned" really
      // means that events published from here on reach this subscription, even with "latest".
      positionsPending.addAll(partitions);
      resolvePendingPositions();
      updateState();
    }
  }
}
