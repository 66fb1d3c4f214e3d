package dev.protoevents.samples.orders;

/** Hand-written: protoevents must never touch it. */
public final class OrderRules {
  private OrderRules() {}
}
