package dev.protoevents.examples.restore;

import com.google.protobuf.FieldMask;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderCancelled;
import dev.protoevents.examples.shop.orders.OrderCompleted;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.PaymentReceived;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.OutgoingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A random but reproducible history of Order events over many entities (creates, replaces, patches,
 * deletes and domain events), with the state it leads to computed directly from the events,
 * independently of the view under test.
 */
final class OrderHistory {

  private static final Order.Status[] STATUSES = {
    Order.Status.STATUS_OPEN,
    Order.Status.STATUS_PAID,
    Order.Status.STATUS_SHIPPED,
    Order.Status.STATUS_COMPLETED
  };

  private final String topic;
  private final int entities;
  private final Random random;
  private final Map<String, Order> state = new TreeMap<>();
  private final List<OutgoingEvent> events = new ArrayList<>();
  private int serial;

  OrderHistory(String topic, int entities, long seed) {
    this.topic = topic;
    this.entities = entities;
    this.random = new Random(seed);
  }

  /** Appends {@code count} more events and returns them. */
  List<OutgoingEvent> next(int count) {
    List<OutgoingEvent> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batch.add(nextEvent());
    }
    events.addAll(batch);
    return batch;
  }

  /** Appends {@code count} domain events only (which change no state) and returns them. */
  List<OutgoingEvent> nextDomainEvents(int count) {
    List<OutgoingEvent> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batch.add(completed(id(random.nextInt(entities))));
    }
    events.addAll(batch);
    return batch;
  }

  /** The state after every event so far: id to latest order. */
  Map<String, Order> state() {
    return new TreeMap<>(state);
  }

  /** Number of events so far. */
  int size() {
    return events.size();
  }

  /** Publishes {@code batch} and waits until every event is acknowledged. */
  static void publish(EventPublisher publisher, List<OutgoingEvent> batch) {
    List<CompletableFuture<?>> sent = new ArrayList<>(batch.size());
    for (OutgoingEvent event : batch) {
      sent.add(publisher.publish(event));
    }
    publisher.flush();
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
  }

  private static String id(int n) {
    return "o-" + n;
  }

  private OutgoingEvent nextEvent() {
    String id = id(random.nextInt(entities));
    Order stored = state.get(id);
    if (stored == null) {
      Order order = order(id);
      state.put(id, order);
      return OutgoingEvent.of(topic, id, OrderEvent.Created.TYPE, order);
    }
    int kind = random.nextInt(100);
    if (kind < 20) {
      Order order = order(id);
      state.put(id, order);
      return OutgoingEvent.of(topic, id, OrderEvent.Replaced.TYPE, order);
    }
    if (kind < 55) {
      // The published state is the full new state; the mask says that only the status changed.
      Order.Status status = STATUSES[random.nextInt(STATUSES.length)];
      Order patched = stored.toBuilder().setStatus(status).build();
      state.put(id, patched);
      return OutgoingEvent.of(topic, id, OrderEvent.Patched.TYPE, patched)
          .withFieldMask(FieldMask.newBuilder().addPaths("status").build());
    }
    if (kind < 65) {
      // Labels are a map: a masked map is replaced whole.
      Map<String, String> labels = Map.of("batch", Integer.toString(random.nextInt(1000)));
      Order patched = stored.toBuilder().clearLabels().putAllLabels(labels).build();
      state.put(id, patched);
      return OutgoingEvent.of(topic, id, OrderEvent.Patched.TYPE, patched)
          .withFieldMask(FieldMask.newBuilder().addPaths("labels").build());
    }
    if (kind < 75) {
      state.remove(id);
      return OutgoingEvent.of(
          topic, id, OrderEvent.Deleted.TYPE, Order.newBuilder().setId(id).build());
    }
    return switch (kind % 3) {
      case 0 -> completed(id);
      case 1 ->
          OutgoingEvent.of(
              topic,
              id,
              OrderEvent.Cancelled.TYPE,
              OrderCancelled.newBuilder().setOrderId(id).setReason("test").build());
      default ->
          OutgoingEvent.of(
              topic,
              id,
              OrderEvent.PaymentReceived.TYPE,
              PaymentReceived.newBuilder().setOrderId(id).build());
    };
  }

  private OutgoingEvent completed(String id) {
    return OutgoingEvent.of(
        topic, id, OrderEvent.Completed.TYPE, OrderCompleted.newBuilder().setOrderId(id).build());
  }

  private Order order(String id) {
    serial++;
    return Order.newBuilder()
        .setId(id)
        .setCustomerId("c-" + random.nextInt(500))
        .setStatus(Order.Status.STATUS_OPEN)
        .addItems(
            Order.LineItem.newBuilder()
                .setProductId("p-" + random.nextInt(100))
                .setQuantity(1 + random.nextInt(5)))
        .putLabels("serial", Integer.toString(serial))
        .build();
  }
}
