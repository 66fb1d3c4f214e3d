package dev.protoevents.samples.shipping;

import dev.protoevents.samples.events.Order;
import dev.protoevents.samples.events.OrderEvent;

/** Uses the events module's classes next to its own: they compile together. */
public final class Shipping {
  private Shipping() {}

  /** A shipment for a shipped order. */
  public static Shipment shipmentFor(OrderEvent.Shipped shipped, Order order) {
    return Shipment.newBuilder()
        .setId("s-" + shipped.orderShipped().getOrderId())
        .setOrder(order)
        .build();
  }

  /** The topic of shipments. */
  public static String topic() {
    return ShipmentTopic.NAME;
  }
}
