package dev.protoevents.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.SubscriptionOptions;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, acceptance: the broker unreachable for 90 seconds. A running subscription, with the
 * consumer's default timeouts ({@code default.api.timeout.ms} is 60 s), must survive the outage and
 * catch up on the events published after the broker is back. Meanwhile it says it is {@link
 * SubscriptionState#DEGRADED}, and {@link SubscriptionState#RUNNING} again once the broker answers.
 *
 * <p>The broker is killed while the handler holds an event, so the subscription has handled events
 * whose offsets it could not commit yet: the commit then meets the dead broker, which is the case
 * the issue names ({@code commitSync} timing out ends the subscription for good).
 */
class BrokerOutageFaultTest {

  private static final String TOPIC = "io.restorecommerce.gauge.resource";
  private static final int PARTITIONS = 3;
  private static final int BEFORE = 3_000;
  private static final int AFTER = 3_000;
  private static final int EVENTS = BEFORE + AFTER;
  private static final int HELD = BEFORE / 2;
  private static final Duration OUTAGE = Duration.ofSeconds(90);

  private static BrokerProcess broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start("broker-outage");
    broker.createTopic(TOPIC, PARTITIONS);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aSubscriptionSurvivesNinetySecondsWithoutBrokerAndCatchesUp() throws Exception {
    // Given a subscription whose handler counts every event and holds event HELD until told
    AtomicIntegerArray handled = new AtomicIntegerArray(EVENTS);
    AtomicInteger handledTotal = new AtomicInteger();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // state changes, with the seconds since the kill (negative: before it)
    AtomicLong killedAt = new AtomicLong(System.nanoTime() + Duration.ofDays(1).toNanos());
    List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    List<SubscriptionState> states = Collections.synchronizedList(new ArrayList<>());
    SubscriptionOptions options =
        SubscriptionOptions.builder()
            .stateListener(
                (subscription, from, to) -> {
                  states.add(to);
                  long sinceKill = System.nanoTime() - killedAt.get();
                  transitions.add(
                      to
                          + (sinceKill >= 0
                              ? " at +" + Duration.ofNanos(sinceKill).toSeconds() + " s"
                              : ""));
                })
            .build();
    try (EventSubscriber subscriber =
        EventSubscriber.create(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "outage"))) {
      Subscription subscription =
          subscriber.subscribe(
              TOPIC,
              HandledLogConsumer.DECODER,
              entry -> {
                int seq = (int) entry.seq();
                if (seq == HELD && holding.getCount() > 0) {
                  holding.countDown();
                  if (!release.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never released");
                  }
                }
                handled.incrementAndGet(seq);
                handledTotal.incrementAndGet();
              },
              options);
      assertTrue(subscription.awaitAssignment(Duration.ofMinutes(2)), "partitions assigned");
      publish(0, BEFORE);
      Await.until(
          Duration.ofMinutes(2), "the handler holds event " + HELD, () -> holding.getCount() == 0);

      // When the broker dies while the handler holds an event, and stays away for 90 s
      int handledBeforeKill = handledTotal.get();
      broker.kill();
      long down = System.nanoTime();
      killedAt.set(down);
      int statesBeforeKill = states.size();
      release.countDown();
      Await.until(
          OUTAGE.plusMinutes(1),
          OUTAGE.toSeconds() + " s without broker",
          () -> {
            requireAlive(subscription, down, "into the outage");
            return System.nanoTime() - down >= OUTAGE.toNanos();
          });
      int handledWhileDown = handledTotal.get() - handledBeforeKill;
      SubscriptionState stateWhileDown = subscription.state();
      broker.restart();
      Duration outage = Duration.ofNanos(System.nanoTime() - down);

      // and events are published after the broker is back
      long back = System.nanoTime();
      publish(BEFORE, AFTER);

      // Then the subscription is still active and handles every event
      Await.until(
          Duration.ofMinutes(3),
          "all " + EVENTS + " events handled",
          () -> {
            requireAlive(subscription, down, "after the kill, after the restart");
            return missing(handled) == 0;
          });
      Duration catchUp = Duration.ofNanos(System.nanoTime() - back);
      Await.until(
          Duration.ofMinutes(1),
          "the subscription running again",
          () -> subscription.state() == SubscriptionState.RUNNING);
      List<SubscriptionState> sinceKill;
      synchronized (states) {
        sinceKill = List.copyOf(states.subList(statesBeforeKill, states.size()));
      }
      int again = handledTotal.get() - EVENTS;

      System.out.printf(
          "[faults] broker SIGKILLed under a running subscription, restarted after %d s"
              + " (restart %d ms)%n"
              + "  handled %,d before the kill, %,d while it was down; after the restart %,d more"
              + " events published, all %,d handled %d ms later (%,d handled again)%n"
              + "  state at the end of the outage %s; changes: %s%n"
              + "  subscription active: %b, failure: %s%n",
          outage.toSeconds(),
          broker.lastStartTime().toMillis(),
          handledBeforeKill,
          handledWhileDown,
          AFTER,
          EVENTS,
          catchUp.toMillis(),
          again,
          stateWhileDown,
          transitions,
          subscription.isActive(),
          subscription.failure().map(Throwable::toString).orElse("none"));

      assertTrue(subscription.isActive(), "the subscription is active");
      assertTrue(
          sinceKill.contains(SubscriptionState.DEGRADED),
          "the subscription said it was degraded during the outage: " + transitions);
      assertEquals(
          SubscriptionState.RUNNING,
          sinceKill.get(sinceKill.size() - 1),
          "last state change after the outage: " + transitions);
      assertEquals(Optional.empty(), subscription.failure(), "failure");
    } finally {
      release.countDown();
    }
  }

  /**
   * Fails at once if the subscription has failed or ended. A failure counts even while the
   * subscription's thread is still winding down, which can take minutes against a dead broker.
   */
  private static void requireAlive(Subscription subscription, long downSince, String when) {
    if (subscription.isActive() && subscription.failure().isEmpty()) {
      return;
    }
    throw new AssertionError(
        "the subscription "
            + (subscription.isActive() ? "failed" : "ended")
            + " "
            + Duration.ofNanos(System.nanoTime() - downSince).toSeconds()
            + " s "
            + when
            + ": "
            + subscription.failure().map(Throwable::toString).orElse("no failure"),
        subscription.failure().orElse(null));
  }

  private static int missing(AtomicIntegerArray handled) {
    int missing = 0;
    for (int i = 0; i < handled.length(); i++) {
      if (handled.get(i) == 0) {
        missing++;
      }
    }
    return missing;
  }

  private static void publish(int from, int count) throws Exception {
    List<CompletableFuture<?>> futures = new ArrayList<>(count);
    try (EventPublisher publisher =
        EventPublisher.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      for (int seq = from; seq < from + count; seq++) {
        futures.add(
            publisher.publish(
                OutgoingEvent.of(
                    TOPIC, String.format("g-%03d", seq % 100), "GaugeRead", Int64Value.of(seq))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }
  }
}
