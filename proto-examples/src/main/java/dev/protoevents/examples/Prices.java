package dev.protoevents.examples;

import dev.protoevents.examples.shop.common.Money;

/** Euro amounts for the example orders of the demo and the benchmark. */
public final class Prices {
  private Prices() {}

  /** {@code cents} euro cents as a {@link Money}: 1999 is 19 units and 990,000,000 nanos. */
  public static Money euros(long cents) {
    return Money.newBuilder()
        .setCurrencyCode("EUR")
        .setUnits(cents / 100)
        .setNanos((int) (cents % 100) * 10_000_000)
        .build();
  }
}
