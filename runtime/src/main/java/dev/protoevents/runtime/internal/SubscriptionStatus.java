package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.SubscriptionStateListener;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one subscription: its {@link SubscriptionState}, whether it is closing, why it
 * failed, whether the group has assigned it, and what the broker currently fails to answer. The
 * poll thread moves it along; other threads read it, ask to close and wait for the assignment.
 */
public final class SubscriptionStatus {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionStatus.class);

  /** Something the broker does not answer right now; any of them makes the state DEGRADED. */
  public enum Trouble {
    /** Commits fail retriably. */
    COMMIT,
    /** Positions of assigned partitions cannot be looked up. */
    POSITION,
    /** Polls fail retriably. */
    POLL,
    /** Dead letters cannot be written. */
    DEAD_LETTER,
    /** The group coordinator does not answer heartbeats. */
    HEARTBEAT
  }

  private final Subscription owner;
  private final String groupId;
  private final String topic;
  private final Optional<SubscriptionStateListener> stateListener;

  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile long closeDeadlineNanos;

  /** Counted down by a close request, so that waits on the poll thread end at once. */
  private final CountDownLatch closeRequested = new CountDownLatch(1);

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object lock = new Object();
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private boolean assigned; // guarded by lock
  private boolean terminated; // guarded by lock

  // Poll thread only.
  private final Set<Trouble> troubles = EnumSet.noneOf(Trouble.class);

  /** The status of {@code owner}, whose changes go to {@code stateListener}. */
  public SubscriptionStatus(
      Subscription owner,
      String groupId,
      String topic,
      Optional<SubscriptionStateListener> stateListener) {
    this.owner = owner;
    this.groupId = groupId;
    this.topic = topic;
    this.stateListener = stateListener;
  }

  /** The subscription this is the status of. */
  public Subscription owner() {
    return owner;
  }

  /** The current state. */
  public SubscriptionState state() {
    return state;
  }

  /** True once a close was asked for (or the poll loop ended). */
  public boolean closing() {
    return closing.get();
  }

  /**
   * Marks the subscription closing, with {@code timeout} for the close.
   *
   * @return true for the first request only
   */
  public boolean requestClose(Duration timeout) {
    if (!closing.compareAndSet(false, true)) {
      return false;
    }
    closeDeadlineNanos = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    closeRequested.countDown();
    return true;
  }

  /** The poll loop ends: closing from now on, whether asked for or not. */
  public void loopEnding() {
    closing.set(true);
    closeRequested.countDown();
  }

  /**
   * Waits up to {@code millis}, less if a close is asked for meanwhile.
   *
   * @throws InterruptedException if the thread is interrupted
   */
  public void pauseUnlessClosing(long millis) throws InterruptedException {
    closeRequested.await(millis, TimeUnit.MILLISECONDS);
  }

  /** What remains of the close timeout, but at least {@code minimum}. */
  public Duration closeGrace(Duration minimum) {
    long remaining = closeDeadlineNanos - System.nanoTime();
    return closeDeadlineNanos == 0 || remaining < minimum.toNanos()
        ? minimum
        : Duration.ofNanos(remaining);
  }

  /** Records the first failure; later ones are logged by the caller only. */
  public void failed(Throwable cause) {
    failure.compareAndSet(null, cause);
  }

  /** The failure that stopped the subscription, if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Sets or clears {@code trouble}. Poll thread only. */
  public void trouble(Trouble trouble, boolean present) {
    if (present) {
      troubles.add(trouble);
    } else {
      troubles.remove(trouble);
    }
  }

  /** True if {@code trouble} is present. Poll thread only. */
  public boolean has(Trouble trouble) {
    return troubles.contains(trouble);
  }

  /** The starting offsets of the first assignment are known. */
  public void markAssigned() {
    synchronized (lock) {
      if (!assigned) {
        assigned = true;
        lock.notifyAll();
      }
    }
  }

  /** Waits until assigned; false if it ended or the time ran out first. */
  public boolean awaitAssigned(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!assigned && !terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
      }
      return assigned && !terminated;
    }
  }

  /**
   * Runs {@code ifTerminated} atomically with the check that the poll loop has ended, so nothing
   * can slip in between that check and its end.
   */
  public void ifTerminated(Runnable ifTerminated) {
    synchronized (lock) {
      if (terminated) {
        ifTerminated.run();
      }
    }
  }

  /** The poll loop has ended and the consumer is closed. */
  public void terminated() {
    synchronized (lock) {
      terminated = true;
      lock.notifyAll();
    }
  }

  /** Works out the state from the flags, with {@code anyPaused} partitions in a backoff. */
  public void update(boolean anyPaused) {
    boolean isAssigned;
    synchronized (lock) {
      isAssigned = assigned;
    }
    SubscriptionState next;
    if (closing.get()) {
      next = SubscriptionState.STOPPING;
    } else if (!troubles.isEmpty()) {
      next = SubscriptionState.DEGRADED;
    } else if (!isAssigned) {
      next = SubscriptionState.STARTING;
    } else if (anyPaused) {
      next = SubscriptionState.PAUSED;
    } else {
      next = SubscriptionState.RUNNING;
    }
    set(next);
  }

  /** Moves to {@code next}, unless that would leave a terminal state or STOPPING. */
  public void set(SubscriptionState next) {
    SubscriptionState previous;
    synchronized (lock) {
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
    stateListener.ifPresent(
        listener -> {
          try {
            listener.onStateChange(owner, previous, next);
          } catch (RuntimeException e) {
            log.warn("state listener of group {} on {} failed", groupId, topic, e);
          }
        });
  }
}
