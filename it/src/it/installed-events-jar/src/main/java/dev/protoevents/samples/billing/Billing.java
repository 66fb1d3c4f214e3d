package dev.protoevents.samples.billing;

import dev.protoevents.samples.events.Order;
import dev.protoevents.samples.events.OrderTopic;

/** Uses the installed events jar's classes next to its own. */
public final class Billing {
  private Billing() {}

  /** An invoice for an order. */
  public static Invoice invoiceFor(Order order) {
    return Invoice.newBuilder().setId("i-" + order.getId()).setOrder(order).build();
  }

  /** The topics this service reads and writes. */
  public static String[] topics() {
    return new String[] {OrderTopic.NAME, InvoiceTopic.NAME};
  }
}
