package dev.protoevents.samples.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Timestamp;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The generated StockItem API, used as a service would, against a real broker. */
@EmbeddedKafkaTest
class StockItemEventsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void viewFollowsTheEventsPublishedForStockItems(EmbeddedKafka kafka) throws Exception {
    // Given the resource topic as declared in inventory.proto, and an in-memory view subscribed
    kafka.createTopic(StockItemTopic.NAME, StockItemTopic.SPEC.partitions());
    StockItemView view = new StockItemView();
    RecordingHandler handler = new RecordingHandler(view);
    try (EventPublisher publisher =
            EventPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        EventSubscriber subscriber =
            EventSubscriber.create(
                Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "group.id",
                    "sample-service-" + UUID.randomUUID()));
        Subscription subscription = new StockItemSubscriber(subscriber).subscribe(handler)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partitions assigned");
      StockItemPublisher stockItems = new StockItemPublisher(publisher);

      // When an item is created and reserved, and another one created and deleted
      StockItem item =
          StockItem.newBuilder()
              .setId("item-1")
              .setSku("SKU-1")
              .setQuantity(5)
              .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
              .build();
      stockItems.created(item).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      stockItems
          .reserved(StockItemReserved.newBuilder().setStockItemId("item-1").setQuantity(2).build())
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      stockItems
          .created(StockItem.newBuilder().setId("item-2").setSku("SKU-2").build())
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      stockItems.deleted("item-2").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      // Then all four events arrive, each as its own type, and the view shows the result
      awaitUntil(() -> handler.events.size() >= 4, "four events received: " + handler.events);
      assertEquals(4, handler.events.size(), handler.events.toString());
      assertEquals(item, view.get("item-1").orElseThrow());
      assertTrue(view.get("item-2").isEmpty(), "item-2 was deleted");
      assertEquals(1, view.size());

      List<StockItemEvent> ofItem1 =
          handler.events.stream().filter(e -> e.metadata().key().equals("item-1")).toList();
      assertInstanceOf(StockItemEvent.Created.class, ofItem1.get(0));
      StockItemEvent.Reserved reserved =
          assertInstanceOf(StockItemEvent.Reserved.class, ofItem1.get(1));
      assertEquals(2, reserved.stockItemReserved().getQuantity());
      assertEquals("StockItemReserved", reserved.metadata().eventType());
      assertEquals(StockItemTopic.NAME, reserved.metadata().topic());

      List<StockItemEvent> ofItem2 =
          handler.events.stream().filter(e -> e.metadata().key().equals("item-2")).toList();
      assertInstanceOf(StockItemEvent.Created.class, ofItem2.get(0));
      assertEquals("item-2", assertInstanceOf(StockItemEvent.Deleted.class, ofItem2.get(1)).id());
    }
  }

  private static void awaitUntil(BooleanSupplier condition, String description)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + TIMEOUT + ": " + description);
      }
      Thread.sleep(20);
    }
  }

  /** Keeps every event it is given and hands it on to the view, as a service's handler might. */
  private static final class RecordingHandler implements StockItemHandler {
    final List<StockItemEvent> events = new CopyOnWriteArrayList<>();
    private final StockItemView view;

    RecordingHandler(StockItemView view) {
      this.view = view;
    }

    @Override
    public void onCreated(StockItemEvent.Created event) throws Exception {
      view.onCreated(event);
      events.add(event);
    }

    @Override
    public void onReplaced(StockItemEvent.Replaced event) throws Exception {
      view.onReplaced(event);
      events.add(event);
    }

    @Override
    public void onPatched(StockItemEvent.Patched event) throws Exception {
      view.onPatched(event);
      events.add(event);
    }

    @Override
    public void onDeleted(StockItemEvent.Deleted event) throws Exception {
      view.onDeleted(event);
      events.add(event);
    }

    @Override
    public void onReserved(StockItemEvent.Reserved event) throws Exception {
      view.onReserved(event);
      events.add(event);
    }
  }
}
