package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import dev.protoevents.examples.shop.common.Address;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderCompleted;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderView;
import dev.protoevents.runtime.EventMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The generated in-memory view applies the four resource events as their contracts say. */
class OrderViewTest {
  private long offset;

  private EventMetadata metadata(String type, String key) {
    return new EventMetadata(
        type, "shop.orders.Order", "event-" + offset, Instant.EPOCH, key, "orders", 0, offset++);
  }

  private OrderEvent created(Order order) {
    return new OrderEvent.Created(order, metadata(OrderEvent.Created.TYPE, order.getId()));
  }

  private OrderEvent replaced(Order order) {
    return new OrderEvent.Replaced(order, metadata(OrderEvent.Replaced.TYPE, order.getId()));
  }

  private OrderEvent patched(Order order, String... paths) {
    FieldMask mask = FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
    return new OrderEvent.Patched(order, mask, metadata(OrderEvent.Patched.TYPE, order.getId()));
  }

  private OrderEvent deleted(String id) {
    return new OrderEvent.Deleted(id, metadata(OrderEvent.Deleted.TYPE, id));
  }

  private static Order order(String id, String customer, Order.Status status) {
    return Order.newBuilder()
        .setId(id)
        .setCustomerId(customer)
        .setStatus(status)
        .addItems(Order.LineItem.newBuilder().setProductId("p-" + id).setQuantity(1))
        .setShippingAddress(Address.newBuilder().setCity("Berlin").setStreet("Main St 1"))
        .putLabels("channel", "web")
        .build();
  }

  @Test
  void createdAndReplacedStoreTheFullStateUnderItsId() throws Exception {
    OrderView view = new OrderView();
    Order first = order("o-1", "alice", Order.Status.STATUS_OPEN);
    Order replacement =
        order("o-1", "alice", Order.Status.STATUS_SHIPPED).toBuilder().clearItems().build();

    view.onEvent(created(first));
    assertEquals(Optional.of(first), view.get("o-1"));

    view.onEvent(replaced(replacement));
    assertEquals(Optional.of(replacement), view.get("o-1"));
    assertEquals(1, view.size());
  }

  @Test
  void patchedChangesOnlyTheMaskedFields() throws Exception {
    // Given an order in the view
    OrderView view = new OrderView();
    Order original = order("o-1", "alice", Order.Status.STATUS_OPEN);
    view.onEvent(created(original));

    // When a patch carries a new status, a new city and a new customer, but masks only status and
    // city
    Order patch =
        order("o-1", "mallory", Order.Status.STATUS_PAID).toBuilder()
            .setShippingAddress(Address.newBuilder().setCity("Hamburg"))
            .clearItems()
            .build();
    view.onEvent(patched(patch, "status", "shipping_address.city"));

    // Then status and city change; customer, items, street and labels stay
    Order expected =
        original.toBuilder()
            .setStatus(Order.Status.STATUS_PAID)
            .setShippingAddress(original.getShippingAddress().toBuilder().setCity("Hamburg"))
            .build();
    assertEquals(Optional.of(expected), view.get("o-1"));
  }

  @Test
  void patchedClearsAMaskedFieldTheEventDoesNotSetAndReplacesRepeatedFieldsWhole()
      throws Exception {
    OrderView view = new OrderView();
    Order original = order("o-1", "alice", Order.Status.STATUS_OPEN);
    view.onEvent(created(original));

    Order patch =
        Order.newBuilder()
            .setId("o-1")
            .addItems(Order.LineItem.newBuilder().setProductId("new").setQuantity(5))
            .build();
    view.onEvent(patched(patch, "customer_id", "items"));

    Order expected =
        original.toBuilder()
            .clearCustomerId()
            .clearItems()
            .addItems(Order.LineItem.newBuilder().setProductId("new").setQuantity(5))
            .build();
    assertEquals(Optional.of(expected), view.get("o-1"));
  }

  @Test
  void patchedOfAnUnknownIdStartsFromAnEmptyOrder() throws Exception {
    OrderView view = new OrderView();
    view.onEvent(patched(order("o-9", "zoe", Order.Status.STATUS_PAID), "status"));
    assertEquals(
        Optional.of(Order.newBuilder().setId("o-9").setStatus(Order.Status.STATUS_PAID).build()),
        view.get("o-9"));
  }

  @Test
  void patchedWithAPathThisVersionLacksAppliesTheKnownPathsAndCountsTheRest() throws Exception {
    // Given an order, and a patch from a newer producer naming a field this Order does not have
    OrderView view = new OrderView();
    view.onEvent(created(order("o-1", "a", Order.Status.STATUS_OPEN)));

    // When the patch arrives twice
    view.onEvent(patched(order("o-1", "b", Order.Status.STATUS_PAID), "status", "loyalty_points"));
    view.onEvent(patched(order("o-1", "b", Order.Status.STATUS_PAID), "status", "loyalty_points"));

    // Then the known path applied, the unknown one was ignored and counted
    assertEquals(Order.Status.STATUS_PAID, view.get("o-1").orElseThrow().getStatus());
    assertEquals("a", view.get("o-1").orElseThrow().getCustomerId());
    assertEquals(Map.of("loyalty_points", 2L), view.ignoredMaskPaths());
  }

  @Test
  void eventsOfDifferentIdsInAnyOrderEndInTheSameView() throws Exception {
    // Given the same per-id histories, interleaved in two different orders
    List<OrderEvent> a1 =
        List.of(
            created(order("a", "x", Order.Status.STATUS_OPEN)),
            patched(order("a", "x", Order.Status.STATUS_PAID), "status"));
    List<OrderEvent> b1 = List.of(created(order("b", "y", Order.Status.STATUS_OPEN)), deleted("b"));
    List<OrderEvent> c1 =
        List.of(
            created(order("c", "z", Order.Status.STATUS_OPEN)),
            replaced(order("c", "z2", Order.Status.STATUS_SHIPPED)));

    OrderView forward = new OrderView();
    for (int i = 0; i < 2; i++) {
      forward.onEvent(a1.get(i));
      forward.onEvent(b1.get(i));
      forward.onEvent(c1.get(i));
    }
    OrderView grouped = new OrderView();
    for (List<OrderEvent> history : List.of(c1, b1, a1)) {
      for (OrderEvent event : history) {
        grouped.onEvent(event);
      }
    }

    // Then both views hold a (paid) and c (replaced), sorted by id, and no b
    assertEquals(forward.snapshot(), grouped.snapshot());
    assertEquals(List.of("a", "c"), List.copyOf(grouped.snapshot().keySet()));
    assertEquals(Order.Status.STATUS_PAID, grouped.get("a").orElseThrow().getStatus());
    assertEquals("z2", grouped.get("c").orElseThrow().getCustomerId());
  }

  @Test
  void deletedRemovesAndADeleteOfAnUnknownIdChangesNothing() throws Exception {
    OrderView view = new OrderView();
    view.onEvent(created(order("o-1", "alice", Order.Status.STATUS_OPEN)));

    view.onEvent(deleted("never-created"));
    assertEquals(1, view.size());

    view.onEvent(deleted("o-1"));
    assertTrue(view.get("o-1").isEmpty());
    assertEquals(0, view.size());
  }

  @Test
  void domainEventsLeaveTheViewUnchanged() throws Exception {
    OrderView view = new OrderView();
    Order order = order("o-1", "alice", Order.Status.STATUS_OPEN);
    view.onEvent(created(order));
    view.onEvent(
        new OrderEvent.Completed(
            OrderCompleted.newBuilder().setOrderId("o-1").build(),
            metadata(OrderEvent.Completed.TYPE, "o-1")));
    assertEquals(Optional.of(order), view.get("o-1"));
  }
}
