package dev.protoevents.examples;

import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An OrderHandler that keeps every event whose key starts with a prefix, in arrival order. */
final class RecordingOrderHandler implements OrderHandler {
  private final String keyPrefix;
  private final List<OrderEvent> events = new CopyOnWriteArrayList<>();

  RecordingOrderHandler(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  List<OrderEvent> events() {
    return List.copyOf(events);
  }

  private void record(OrderEvent event) {
    if (event.metadata().key().startsWith(keyPrefix)) {
      events.add(event);
    }
  }

  @Override
  public void onCreated(OrderEvent.Created event) {
    record(event);
  }

  @Override
  public void onReplaced(OrderEvent.Replaced event) {
    record(event);
  }

  @Override
  public void onPatched(OrderEvent.Patched event) {
    record(event);
  }

  @Override
  public void onDeleted(OrderEvent.Deleted event) {
    record(event);
  }

  @Override
  public void onCancelled(OrderEvent.Cancelled event) {
    record(event);
  }

  @Override
  public void onCompleted(OrderEvent.Completed event) {
    record(event);
  }

  @Override
  public void onPaymentReceived(OrderEvent.PaymentReceived event) {
    record(event);
  }
}
