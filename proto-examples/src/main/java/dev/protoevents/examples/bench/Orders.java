package dev.protoevents.examples.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.protoevents.examples.Prices;
import dev.protoevents.examples.shop.common.Address;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.runtime.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The benchmark's data and the work a hand-written client does with it: realistic orders, the four
 * protoevents headers built by hand, and two ways of handling a consumed record.
 */
final class Orders {
  static final String CREATED = OrderEvent.Created.TYPE;
  static final String REPLACED = OrderEvent.Replaced.TYPE;

  private static final Order.Status[] STATUSES = {
    Order.Status.STATUS_OPEN,
    Order.Status.STATUS_PAID,
    Order.Status.STATUS_SHIPPED,
    Order.Status.STATUS_COMPLETED
  };

  private Orders() {}

  /** A realistic order of about 230 bytes: three line items, an address, labels, a time stamp. */
  static Order order(int n) {
    Instant created = Instant.parse("2026-11-28T10:15:30.123Z").plusSeconds(n);
    Order.Builder order =
        Order.newBuilder()
            .setId(String.format(Locale.ROOT, "order-%06d", n))
            .setCustomerId(String.format(Locale.ROOT, "customer-%05d", n % 997))
            .setStatus(Order.Status.STATUS_OPEN)
            .setShippingAddress(
                Address.newBuilder()
                    .setStreet("Hauptstrasse " + (1 + n % 200))
                    .setCity("Berlin")
                    .setPostalCode("10115")
                    .setCountryCode("DE"))
            .putLabels("channel", "web")
            .putLabels("campaign", "spring-sale")
            .setCreatedAt(
                Timestamp.newBuilder()
                    .setSeconds(created.getEpochSecond())
                    .setNanos(created.getNano()));
    long total = 0;
    for (int item = 0; item < 3; item++) {
      long cents = 499 + 1000L * item + n % 100;
      int quantity = 1 + (n + item) % 4;
      order.addItems(
          Order.LineItem.newBuilder()
              .setProductId(String.format(Locale.ROOT, "sku-%06d", (n * 7 + item) % 100_000))
              .setQuantity(quantity)
              .setUnitPrice(Prices.euros(cents)));
      total += cents * quantity;
    }
    return order.setTotal(Prices.euros(total)).build();
  }

  /** The {@code version}th state of order {@code n}: only its status moves on. */
  static Order version(Order order, int version) {
    return version == 0
        ? order
        : order.toBuilder().setStatus(STATUSES[version % STATUSES.length]).build();
  }

  /**
   * The headers {@code EventPublisher}'s lean envelope writes, built by hand: the event type as
   * text and a 16-byte random event id (the record timestamp is the event time).
   */
  static RecordHeaders headers(String eventType, Order order) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventHeaders.EVENT_TYPE, utf8(eventType));
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    headers.add(EventHeaders.EVENT_ID, id);
    return headers;
  }

  /**
   * The least a typed consumer does: parse the value, read the event type, dispatch on it. Returns
   * a value the caller sinks.
   */
  static long handleLean(ConsumerRecord<String, byte[]> record)
      throws InvalidProtocolBufferException {
    Order order = Order.parseFrom(record.value());
    Header type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
    String eventType = type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    return switch (eventType) {
      case CREATED -> order.getItemsCount() + record.key().length();
      case REPLACED -> order.getStatusValue() + record.key().length();
      default -> throw new IllegalStateException("unexpected event type " + eventType);
    };
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
