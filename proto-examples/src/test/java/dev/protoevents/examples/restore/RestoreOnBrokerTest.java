package dev.protoevents.examples.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.examples.shop.orders.OrderView;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.restore.RestoreListener;
import dev.protoevents.runtime.restore.RestoreProgress;
import dev.protoevents.runtime.restore.RetentionGapException;
import dev.protoevents.runtime.restore.Snapshot;
import dev.protoevents.runtime.restore.SnapshotStore;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores of the generated {@link OrderView} through a {@link StateFeed} against a real broker:
 * every test has a topic of its own and computes the expected state directly from the events it
 * published.
 */
@EmbeddedKafkaTest
class RestoreOnBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static EmbeddedKafka kafka;
  private static EventPublisher publisher;

  @TempDir Path snapshots;

  @BeforeAll
  static void startPublisher(EmbeddedKafka broker) {
    kafka = broker;
    publisher = EventPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  @AfterAll
  static void closePublisher() {
    publisher.close();
  }

  private static String topic(int partitions) {
    String name = EmbeddedKafka.uniqueName("restore-orders");
    kafka.createTopic(name, partitions);
    return name;
  }

  private static StateFeed.Builder feed(String topic, OrderView view) {
    return StateFeed.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
        .topic(topic, OrderTopic.DECODER, view);
  }

  private static void awaitCaughtUp(StateFeed feed) throws InterruptedException {
    assertTrue(feed.awaitCaughtUp(TIMEOUT), "feed " + feed + " caught up in time");
  }

  /** Records every report, for the progress assertions. */
  private static final class RecordingListener implements RestoreListener {
    final List<RestoreProgress> reports = new CopyOnWriteArrayList<>();
    final List<Long> rejected = new CopyOnWriteArrayList<>();
    volatile Snapshot startedFrom;

    @Override
    public void onRestoreStarted(Snapshot snapshot) {
      startedFrom = snapshot;
    }

    @Override
    public void onSnapshotRejected(long sequence, Exception cause) {
      rejected.add(sequence);
    }

    @Override
    public void onProgress(RestoreProgress progress) {
      reports.add(progress);
    }

    @Override
    public void onCaughtUp(RestoreProgress progress) {
      reports.add(progress);
    }
  }

  @Test
  void fullRestoreOf100000EventsGivesExactlyTheStateComputedFromThem() throws Exception {
    // Given 100,000 events for 10,000 orders on 6 partitions
    String topic = topic(6);
    OrderHistory history = new OrderHistory(topic, 10_000, 1);
    OrderHistory.publish(publisher, history.next(100_000));

    // When a new view restores from the beginning
    OrderView view = new OrderView();
    RecordingListener listener = new RecordingListener();
    try (StateFeed feed =
        feed(topic, view).listener(listener).progressInterval(Duration.ofMillis(50)).start()) {
      awaitCaughtUp(feed);

      // Then it holds exactly the state computed from the events
      assertEquals(history.state(), view.snapshot());
      assertEquals(100_000, feed.eventsApplied());
      assertEquals(StateFeed.State.LIVE, feed.state());

      // And the progress reports grow to 100%, with a total equal to the events replayed
      RestoreProgress last = listener.reports.get(listener.reports.size() - 1);
      assertTrue(last.caughtUp());
      assertEquals(100.0, last.percent());
      assertEquals(100_000, last.total());
      assertEquals(100_000, last.done());
      assertEquals(1, last.topics().size());
      assertEquals(100_000, last.topics().get(0).total());
      long previous = -1;
      for (RestoreProgress report : listener.reports) {
        assertEquals(100_000, report.total(), "every report has the same total");
        assertTrue(report.done() >= previous, "done never goes back");
        previous = report.done();
      }
      System.out.printf(
          "full restore: %d events in %d ms, %d progress reports, %d orders%n",
          last.done(), last.elapsed().toMillis(), listener.reports.size(), view.size());
    }
  }

  @Test
  void restoreFromASnapshotAt90PercentAppliesOnlyTheRemainingEvents() throws Exception {
    // Given a view that restored 90,000 events and saved a snapshot
    String topic = topic(6);
    OrderHistory history = new OrderHistory(topic, 10_000, 2);
    OrderHistory.publish(publisher, history.next(90_000));
    SnapshotStore store = SnapshotStore.directory(snapshots);
    try (StateFeed first =
        feed(topic, new OrderView()).snapshots(store).snapshotOnClose(false).start()) {
      awaitCaughtUp(first);
      Snapshot snapshot = first.snapshotNow().get(30, TimeUnit.SECONDS);
      assertEquals(90_000, snapshot.totalOffset());
    }
    // And 10,000 more events published while the service was down
    OrderHistory.publish(publisher, history.next(10_000));

    // When the service restarts with a new view
    OrderView view = new OrderView();
    RecordingListener listener = new RecordingListener();
    try (StateFeed feed = feed(topic, view).snapshots(store).listener(listener).start()) {
      awaitCaughtUp(feed);

      // Then it applied only the 10,000 events after the snapshot and reached the same state
      assertEquals(10_000, feed.eventsApplied());
      assertEquals(history.state(), view.snapshot());
      assertEquals(0, listener.startedFrom.sequence());
      RestoreProgress last = listener.reports.get(listener.reports.size() - 1);
      assertEquals(10_000, last.total());
    }
  }

  /** A 3-partition topic's history, and the store of a feed that followed part of it. */
  private record Snapshotted(String topic, OrderHistory history, SnapshotStore store) {}

  /**
   * Snapshots 0 (after 1,000 events) and 1 (after 2,000) of a new topic, then 1,000 more events.
   */
  private Snapshotted twoSnapshotsThenMoreEvents() throws Exception {
    String topic = topic(3);
    OrderHistory history = new OrderHistory(topic, 300, 3);
    SnapshotStore store = SnapshotStore.directory(snapshots);
    try (StateFeed feed =
        feed(topic, new OrderView()).snapshots(store).snapshotOnClose(false).start()) {
      for (int i = 0; i < 2; i++) {
        OrderHistory.publish(publisher, history.next(1_000));
        long expected = history.size();
        Await.until(TIMEOUT, "feed applied " + expected, () -> feed.eventsApplied() == expected);
        feed.snapshotNow().get(30, TimeUnit.SECONDS);
      }
    }
    OrderHistory.publish(publisher, history.next(1_000));
    return new Snapshotted(topic, history, store);
  }

  @Test
  void damagedSnapshotsAreSkippedForTheNextOlderOneOrAFullReplay() throws Exception {
    // Given snapshots 0 (after 1,000 events) and 1 (after 2,000), then 1,000 more events
    Snapshotted given = twoSnapshotsThenMoreEvents();
    String topic = given.topic();
    OrderHistory history = given.history();
    SnapshotStore store = given.store();
    assertEquals(List.of(1L, 0L), store.sequences());

    // When the newest snapshot is cut short
    Path newest = snapshots.resolve("snapshot-0000000000000000001.pes");
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    // Then the restore skips it, loads snapshot 0 and applies the 2,000 events after it
    assertRestores(topic, store, history, List.of(1L), 2_000);

    // When the older one also has one flipped byte
    Path older = snapshots.resolve("snapshot-0000000000000000000.pes");
    byte[] olderBytes = Files.readAllBytes(older);
    olderBytes[olderBytes.length / 2] ^= 0x01;
    Files.write(older, olderBytes);
    // Then the restore skips both and replays all 3,000 events
    assertRestores(topic, store, history, List.of(1L, 0L), 3_000);
  }

  @Test
  void aSnapshotWhoseStateTheViewRejectsIsSkippedForTheNextOlderOne() throws Exception {
    // Given snapshots 0 (after 1,000 events) and 1 (after 2,000), then 1,000 more events
    Snapshotted given = twoSnapshotsThenMoreEvents();
    SnapshotStore store = given.store();

    // When snapshot 1 is replaced by one the store accepts (its checksum is right) whose state
    // holds a message with a malformed field, as a snapshot of another state type could
    Snapshot newest = store.load(1);
    byte[] malformed = {3, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    store.delete(1);
    store.save(new Snapshot(1, newest.takenAt(), newest.offsets(), malformed));
    assertArrayEquals(malformed, store.load(1).state(), "the store accepts it");

    // Then the restore reports it, loads snapshot 0 and applies the 2,000 events after it
    assertRestores(given.topic(), store, given.history(), List.of(1L), 2_000);
  }

  private void assertRestores(
      String topic, SnapshotStore store, OrderHistory history, List<Long> rejected, long applied)
      throws Exception {
    OrderView view = new OrderView();
    RecordingListener listener = new RecordingListener();
    try (StateFeed feed =
        feed(topic, view).snapshots(store).snapshotOnClose(false).listener(listener).start()) {
      awaitCaughtUp(feed);
      assertEquals(rejected, listener.rejected);
      assertEquals(applied, feed.eventsApplied());
      assertEquals(history.state(), view.snapshot());
    }
  }

  @Test
  void eventsPublishedDuringARestoreAreAppliedExactlyOnceAfterTheHandOver() throws Exception {
    // Given 20,000 events
    String topic = topic(6);
    OrderHistory history = new OrderHistory(topic, 2_000, 4);
    OrderHistory.publish(publisher, history.next(20_000));
    List<OutgoingEventBatch> late = new ArrayList<>();
    late.add(new OutgoingEventBatch(history.next(5_000)));

    // When a restore starts, and 5,000 more events are published once it is under way
    Map<TopicPartition, List<Long>> duringRestore = new ConcurrentHashMap<>();
    Map<TopicPartition, List<Long>> afterHandOver = new ConcurrentHashMap<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new CopyOnWriteArrayList<>();
    OrderView view =
        new OrderView() {
          private volatile boolean restored;

          @Override
          public void onEvent(OrderEvent event) throws Exception {
            var metadata = event.metadata();
            TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
            if (!seen.add(partition + "@" + metadata.offset())) {
              duplicates.add(partition + "@" + metadata.offset());
            }
            (restored ? afterHandOver : duringRestore)
                .computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>()))
                .add(metadata.offset());
            super.onEvent(event);
          }

          @Override
          public void restoreCompleted() {
            restored = true;
          }
        };
    try (StateFeed feed = feed(topic, view).start()) {
      Await.until(TIMEOUT, "restore under way", () -> feed.eventsApplied() > 0);
      Thread publishing =
          new Thread(() -> OrderHistory.publish(publisher, late.get(0).events()), "late");
      publishing.start();
      RestoreProgress restored = feed.caughtUp().get(90, TimeUnit.SECONDS);
      publishing.join(TimeUnit.SECONDS.toMillis(60));
      Await.until(TIMEOUT, "all 25,000 applied", () -> feed.eventsApplied() >= 25_000);

      // Then every event was applied exactly once: the restore up to the captured end offsets,
      // everything after them live, with no gap and no overlap per partition
      assertEquals(List.of(), duplicates);
      assertEquals(25_000, feed.eventsApplied());
      assertEquals(20_000, restored.total(), "the restore ended at the end offsets of its start");
      long restoredCount = 0;
      for (TopicPartition partition : duringRestore.keySet()) {
        List<Long> before = duringRestore.get(partition);
        List<Long> after = afterHandOver.getOrDefault(partition, List.of());
        for (int i = 0; i < before.size(); i++) {
          assertEquals(i, before.get(i), "restore of " + partition + " is contiguous from 0");
        }
        for (int i = 0; i < after.size(); i++) {
          assertEquals(before.size() + i, after.get(i), "live " + partition + " continues");
        }
        restoredCount += before.size();
      }
      assertEquals(20_000, restoredCount);
      assertEquals(5_000, afterHandOver.values().stream().mapToInt(List::size).sum());
      assertEquals(history.state(), view.snapshot());
    }
  }

  /** A batch of events to publish from another thread. */
  private record OutgoingEventBatch(List<dev.protoevents.runtime.OutgoingEvent> events) {}

  @Test
  void twoViewInstancesEachHoldTheFullStateAlsoAfterOneRestarts() throws Exception {
    // Given two instances of a service, each with its own view and snapshot directory
    String topic = topic(6);
    OrderHistory history = new OrderHistory(topic, 1_000, 5);
    OrderHistory.publish(publisher, history.next(5_000));
    SnapshotStore storeA = SnapshotStore.directory(snapshots.resolve("a"));
    SnapshotStore storeB = SnapshotStore.directory(snapshots.resolve("b"));
    OrderView viewA = new OrderView();
    try (StateFeed feedA = feed(topic, viewA).snapshots(storeA).start()) {
      OrderView viewB = new OrderView();
      StateFeed feedB = feed(topic, viewB).snapshots(storeB).start();
      awaitCaughtUp(feedA);
      awaitCaughtUp(feedB);
      // Then both hold the full state, not a share of the partitions
      assertEquals(history.state(), viewA.snapshot());
      assertEquals(history.state(), viewB.snapshot());

      // When B stops (saving a snapshot), 2,000 events arrive, and B restarts
      feedB.close();
      assertEquals(List.of(0L), storeB.sequences(), "closing saved a snapshot");
      OrderHistory.publish(publisher, history.next(2_000));
      OrderView restartedB = new OrderView();
      try (StateFeed again = feed(topic, restartedB).snapshots(storeB).start()) {
        awaitCaughtUp(again);
        Await.until(TIMEOUT, "A applied all", () -> feedA.eventsApplied() == 7_000);
        // Then both hold the full state again; B applied only what it missed
        assertEquals(history.state(), viewA.snapshot());
        assertEquals(history.state(), restartedB.snapshot());
        assertEquals(2_000, again.eventsApplied());
      }
    }
  }

  @Test
  void restoreEndsOnEmptyPartitionsAndOnTopicsEndingInEventsTheViewIgnores() throws Exception {
    // Given 8 partitions, only a few keys (so some partitions stay empty), and a history whose
    // last events are domain events, which do not change an order
    String topic = topic(8);
    OrderHistory history = new OrderHistory(topic, 3, 6);
    OrderHistory.publish(publisher, history.next(50));
    OrderHistory.publish(publisher, history.nextDomainEvents(20));

    // When a view restores, Then it catches up with the right state
    OrderView view = new OrderView();
    try (StateFeed feed = feed(topic, view).start()) {
      awaitCaughtUp(feed);
      assertEquals(70, feed.eventsApplied());
      assertEquals(history.state(), view.snapshot());
    }
    // And an empty topic catches up at once
    try (StateFeed empty = feed(topic(4), new OrderView()).start()) {
      awaitCaughtUp(empty);
      assertEquals(0, empty.eventsApplied());
    }
  }

  @Test
  void aRetentionGapAfterTheSnapshotIsReportedNotSkipped() throws Exception {
    // Given a snapshot after 100 events on one partition
    String topic = topic(1);
    OrderHistory history = new OrderHistory(topic, 20, 7);
    OrderHistory.publish(publisher, history.next(100));
    SnapshotStore store = SnapshotStore.directory(snapshots);
    try (StateFeed feed = feed(topic, new OrderView()).snapshots(store).start()) {
      awaitCaughtUp(feed);
    }
    // And retention deleted events after it: the log now starts at offset 150
    OrderHistory.publish(publisher, history.next(100));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(150)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    // When the view restores from the snapshot, Then the feed fails and says why
    try (StateFeed feed = feed(topic, new OrderView()).snapshots(store).start()) {
      IllegalStateException failure =
          assertThrows(IllegalStateException.class, () -> feed.awaitCaughtUp(TIMEOUT));
      RetentionGapException gap = assertInstanceOf(RetentionGapException.class, failure.getCause());
      assertTrue(gap.getMessage().contains("log starts at 150"), gap.getMessage());
      assertEquals(Set.of(new TopicPartition(topic, 0)), gap.gaps().keySet());
      Await.until(TIMEOUT, "feed failed", () -> feed.state() == StateFeed.State.FAILED);
    }
    // And when the gap is allowed, it goes on from the log start
    try (StateFeed feed =
        feed(topic, new OrderView()).snapshots(store).allowRetentionGaps().start()) {
      awaitCaughtUp(feed);
      assertEquals(50, feed.eventsApplied());
    }
  }

  @Test
  void snapshotsAreTakenEveryNEventsAndEveryIntervalAndOnlyTheNewestAreKept() throws Exception {
    // Given a feed that snapshots every 1,000 events and keeps 2
    String topic = topic(3);
    OrderHistory history = new OrderHistory(topic, 500, 8);
    OrderHistory.publish(publisher, history.next(5_000));
    SnapshotStore store = SnapshotStore.directory(snapshots);
    try (StateFeed feed =
        feed(topic, new OrderView())
            .snapshots(store)
            .snapshotEvery(1_000)
            .keepSnapshots(2)
            .snapshotInterval(Duration.ofMillis(300))
            .start()) {
      awaitCaughtUp(feed);
      // Then snapshots 3 and 4 remain, the newest after exactly 5,000 events
      assertEquals(List.of(4L, 3L), store.sequences());
      assertEquals(5_000, store.load(4).totalOffset());
      assertEquals(4_000, store.load(3).totalOffset());

      // When 10 live events arrive, Then the interval trigger snapshots them
      OrderHistory.publish(publisher, history.next(10));
      Await.until(
          TIMEOUT,
          "an interval snapshot after 5,010 events",
          () -> newestTotalOffset(store) == 5_010);
    }
  }

  private static long newestTotalOffset(SnapshotStore store) {
    try {
      return store.load(store.sequences().get(0)).totalOffset();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void oneFeedRestoresSeveralTopicsEachIntoItsOwnHandlerWithProgressPerTopic() throws Exception {
    // Given two topics of orders (say, two regions), each with its own view
    String west = topic(2);
    String east = topic(3);
    OrderHistory westHistory = new OrderHistory(west, 100, 10);
    OrderHistory eastHistory = new OrderHistory(east, 100, 11);
    OrderHistory.publish(publisher, westHistory.next(600));
    OrderHistory.publish(publisher, eastHistory.next(900));
    OrderView westView = new OrderView();
    OrderView eastView = new OrderView();

    // When one feed restores both
    RecordingListener listener = new RecordingListener();
    try (StateFeed feed =
        StateFeed.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
            .topic(west, OrderTopic.DECODER, westView)
            .topic(east, OrderTopic.DECODER, eastView)
            .snapshots(SnapshotStore.directory(snapshots), new TwoViews(westView, eastView))
            .listener(listener)
            .start()) {
      awaitCaughtUp(feed);

      // Then each view holds its topic's state, and progress is reported per topic
      assertEquals(westHistory.state(), westView.snapshot());
      assertEquals(eastHistory.state(), eastView.snapshot());
      RestoreProgress last = listener.reports.get(listener.reports.size() - 1);
      assertEquals(List.of(west, east), last.topics().stream().map(t -> t.topic()).toList());
      assertEquals(600, last.topics().get(0).total());
      assertEquals(900, last.topics().get(1).total());
      assertEquals(1_500, last.total());
      Snapshot snapshot = feed.snapshotNow().get(30, TimeUnit.SECONDS);
      assertEquals(5, snapshot.offsets().size(), "one offset per partition of both topics");
    }
    // And a restart restores both from the one snapshot
    OrderView westAgain = new OrderView();
    OrderView eastAgain = new OrderView();
    try (StateFeed feed =
        StateFeed.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
            .topic(west, OrderTopic.DECODER, westAgain)
            .topic(east, OrderTopic.DECODER, eastAgain)
            .snapshots(SnapshotStore.directory(snapshots), new TwoViews(westAgain, eastAgain))
            .start()) {
      awaitCaughtUp(feed);
      assertEquals(0, feed.eventsApplied());
      assertEquals(westHistory.state(), westAgain.snapshot());
      assertEquals(eastHistory.state(), eastAgain.snapshot());
    }
  }

  /** The state of a feed with two views: both snapshots, one after the other, length-prefixed. */
  private record TwoViews(OrderView first, OrderView second)
      implements dev.protoevents.runtime.restore.SnapshotState {
    @Override
    public void writeSnapshot(java.io.OutputStream out) throws java.io.IOException {
      for (OrderView view : List.of(first, second)) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        view.writeSnapshot(bytes);
        new java.io.DataOutputStream(out).writeInt(bytes.size());
        bytes.writeTo(out);
      }
    }

    @Override
    public void readSnapshot(java.io.InputStream in) throws java.io.IOException {
      java.io.DataInputStream data = new java.io.DataInputStream(in);
      for (OrderView view : List.of(first, second)) {
        byte[] bytes = data.readNBytes(data.readInt());
        view.readSnapshot(new java.io.ByteArrayInputStream(bytes));
      }
    }

    @Override
    public void clear() {
      first.clear();
      second.clear();
    }
  }

  @Test
  void aFeedReadsItsTopicInTheEnvelopeTheConfigurationNames() throws Exception {
    // Given a topic written in the CloudEvents envelope
    String topic = topic(2);
    Map<String, Object> cloudEvents =
        Map.of(
            "bootstrap.servers", kafka.bootstrapServers(), "protoevents.envelope", "cloudevents");
    OrderHistory history = new OrderHistory(topic, 50, 12);
    try (EventPublisher cloudPublisher = EventPublisher.create(cloudEvents)) {
      OrderHistory.publish(cloudPublisher, history.next(500));
    }
    // When a feed with the same configuration restores it, Then the view is right
    OrderView view = new OrderView();
    try (StateFeed feed =
        StateFeed.builder(cloudEvents).topic(topic, OrderTopic.DECODER, view).start()) {
      awaitCaughtUp(feed);
      assertEquals(500, feed.eventsApplied());
      assertEquals(history.state(), view.snapshot());
    }
  }

  @Test
  void rebuildReplaysEverythingIntoAClearedState() throws Exception {
    String topic = topic(2);
    OrderHistory history = new OrderHistory(topic, 100, 9);
    OrderHistory.publish(publisher, history.next(1_000));
    OrderView view = new OrderView();
    try (StateFeed feed = feed(topic, view).start()) {
      awaitCaughtUp(feed);
      RestoreProgress rebuilt = feed.rebuild().get(60, TimeUnit.SECONDS);
      assertEquals(1_000, rebuilt.total());
      assertEquals(2_000, feed.eventsApplied());
      assertEquals(history.state(), view.snapshot());
      // Live events still follow after a rebuild
      OrderHistory.publish(publisher, history.next(10));
      Await.until(TIMEOUT, "live after rebuild", () -> feed.eventsApplied() == 2_010);
      assertEquals(history.state(), view.snapshot());
    }
  }
}
