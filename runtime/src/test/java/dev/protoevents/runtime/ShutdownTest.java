package dev.protoevents.runtime;

import static dev.protoevents.runtime.Fixtures.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** close(Duration): finish the current event, commit, leave the group, never hang. */
@EmbeddedKafkaTest
class ShutdownTest {

  @Test
  void closeWithAListenerBlockedOnIoReturnsAfterTheTimeoutAndTheMemberLeavesTheGroup(
      EmbeddedKafka kafka) throws Exception {
    // Given a listener blocked reading a socket that never answers, after one finished event
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    CompletableFuture<Void> blocked = new CompletableFuture<>();
    CompletableFuture<Throwable> listenerSaw = new CompletableFuture<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel silent =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      for (String name : List.of("e0", "slow", "e2")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                if (event.name().equals("slow")) {
                  try (SocketChannel channel = SocketChannel.open(silent.getLocalAddress())) {
                    blocked.complete(null);
                    channel.read(ByteBuffer.allocate(1)); // blocks until interrupted
                  } catch (ClosedByInterruptException e) {
                    listenerSaw.complete(e);
                    throw e;
                  }
                }
                handled.add(event.name());
              });
      blocked.get(30, TimeUnit.SECONDS);
      assertEquals(1, Fixtures.members(admin, group).size());

      // When it is closed with a 2 s timeout
      Duration timeout = Duration.ofSeconds(2);
      long start = System.nanoTime();
      assertTimeoutPreemptively(TIMEOUT, () -> subscription.close(timeout));
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      // Then close returned after the timeout, the listener was interrupted, the member left the
      // group (the broker says so), the thread ended, and only the finished event is committed
      System.out.printf("close(%s) returned after %d ms%n", timeout, closeMillis);
      assertTrue(closeMillis >= timeout.toMillis(), closeMillis + " ms");
      assertInstanceOf(ClosedByInterruptException.class, listenerSaw.get(30, TimeUnit.SECONDS));
      Fixtures.awaitNoMembers(admin, group);
      assertTrue(subscription.awaitTermination(TIMEOUT));
      assertEquals(SubscriptionState.STOPPED, subscription.state());
      assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
      assertEquals(List.of("e0"), handled);
    }
  }

  @Test
  void closeLetsTheCurrentEventFinishAndCommitsIt(EmbeddedKafka kafka) throws Exception {
    // Given a listener in the middle of an event that takes a moment
    String topic = EmbeddedKafka.uniqueName("orders");
    String group = EmbeddedKafka.uniqueName("billing");
    kafka.createTopic(topic, 1);
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> mayFinish = new CompletableFuture<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EventPublisher publisher = EventPublisher.create(Fixtures.clientConfig(kafka));
        EventSubscriber subscriber =
            EventSubscriber.create(Fixtures.subscriberConfig(kafka, group));
        Admin admin = Fixtures.admin(kafka)) {
      for (String name : List.of("e0", "e1")) {
        publisher.publish(OutgoingEvent.of(topic, "k", "TypeCreated", Fixtures.type(name))).join();
      }
      Subscription subscription =
          subscriber.subscribe(
              topic,
              Fixtures.DECODER,
              event -> {
                started.complete(null);
                mayFinish.get(30, TimeUnit.SECONDS);
                handled.add(event.name());
              });
      started.get(30, TimeUnit.SECONDS);

      // When it is closed while the event runs, and the event then finishes
      CompletableFuture<Void> closed =
          CompletableFuture.runAsync(() -> subscription.close(Duration.ofSeconds(30)));
      Await.until(TIMEOUT, "STOPPING", () -> subscription.state() == SubscriptionState.STOPPING);
      mayFinish.complete(null);
      closed.get(30, TimeUnit.SECONDS);

      // Then that event was committed, the next was not delivered, and the member left
      assertEquals(List.of("e0"), handled);
      assertEquals(Map.of(0, 1L), Fixtures.committed(admin, group));
      Fixtures.awaitNoMembers(admin, group);
      assertEquals(SubscriptionState.STOPPED, subscription.state());
    }
  }
}
