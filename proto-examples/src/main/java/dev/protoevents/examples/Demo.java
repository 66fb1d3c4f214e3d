package dev.protoevents.examples;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.protoevents.examples.shop.carts.CartItemTopic;
import dev.protoevents.examples.shop.customers.CustomerProto.Customer;
import dev.protoevents.examples.shop.customers.CustomerProto.CustomerEmailVerified;
import dev.protoevents.examples.shop.customers.CustomerPublisher;
import dev.protoevents.examples.shop.customers.CustomerTopic;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderCompleted;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderHandler;
import dev.protoevents.examples.shop.orders.OrderPublisher;
import dev.protoevents.examples.shop.orders.OrderSubscriber;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.examples.shop.orders.OrderView;
import dev.protoevents.examples.shop.orders.PaymentReceived;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.TopicAdmin;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts an embedded Kafka broker, publishes a handful of resource and domain events through the
 * generated publishers, and prints what a generated handler in a second consumer group receives and
 * the resulting in-memory view. Exits by itself, leaving nothing running.
 *
 * <pre>{@code
 * ./mvnw -B -Pdemo -DskipTests install
 * }</pre>
 */
public final class Demo {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final PrintStream OUT = System.out;

  private Demo() {}

  /** Runs the demo; exits with status 1 if the events do not arrive in time. */
  public static void main(String[] args) throws Exception {
    OUT.println("Starting an embedded Kafka broker (KRaft) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      run(kafka.bootstrapServers());
    }
    OUT.println("Broker stopped. Done.");
  }

  private static void run(String servers) throws Exception {
    try (TopicAdmin admin = TopicAdmin.create(Map.of("bootstrap.servers", servers))) {
      admin.createMissing(List.of(OrderTopic.SPEC, CustomerTopic.SPEC, CartItemTopic.SPEC));
    }
    OUT.printf(
        "Topics: %s (%d partitions), %s, %s%n",
        OrderTopic.NAME, OrderTopic.SPEC.partitions(), CustomerTopic.NAME, CartItemTopic.NAME);

    List<OrderEvent> billingReceived = new CopyOnWriteArrayList<>();
    AtomicInteger reportingApplied = new AtomicInteger();
    OrderView reportingView =
        new OrderView() {
          @Override
          public void onEvent(OrderEvent event) throws Exception {
            super.onEvent(event);
            reportingApplied.incrementAndGet();
          }
        };
    try (EventPublisher publisher = EventPublisher.create(Map.of("bootstrap.servers", servers));
        EventSubscriber billing =
            EventSubscriber.create(
                Map.of("bootstrap.servers", servers, "group.id", "demo-billing"));
        EventSubscriber reporting =
            EventSubscriber.create(
                Map.of("bootstrap.servers", servers, "group.id", "demo-reporting"))) {

      // Two services in two consumer groups: each receives every event.
      Subscription billingSubscription =
          new OrderSubscriber(billing).subscribe(new PrintingHandler(billingReceived));
      Subscription reportingSubscription = new OrderSubscriber(reporting).subscribe(reportingView);
      Await.until(
          TIMEOUT,
          "subscriptions assigned",
          () -> assigned(billingSubscription) && assigned(reportingSubscription));

      OrderPublisher orders = new OrderPublisher(publisher);
      Order first = order("order-1", "alice", Order.Status.STATUS_OPEN, 2, 1999);
      Order second = order("order-2", "bob", Order.Status.STATUS_OPEN, 1, 4500);
      List<CompletableFuture<?>> sent =
          List.of(
              orders.created(first),
              orders.created(second),
              orders.paymentReceived(
                  PaymentReceived.newBuilder()
                      .setOrderId("order-1")
                      .setPaymentId("pay-77")
                      .setAmount(Prices.euros(3998))
                      .build()),
              orders.patched(
                  first.toBuilder().setStatus(Order.Status.STATUS_PAID).build(),
                  FieldMask.newBuilder().addPaths("status").build()),
              orders.completed(
                  OrderCompleted.newBuilder().setOrderId("order-1").setCompletedAt(now()).build()),
              orders.deleted("order-2"),
              new CustomerPublisher(publisher)
                  .created(
                      Customer.newBuilder()
                          .setCustomerId("alice")
                          .setName("Alice")
                          .setEmail("alice@example.com")
                          .build()),
              new CustomerPublisher(publisher)
                  .emailVerified(
                      CustomerEmailVerified.newBuilder()
                          .setCustomerId("alice")
                          .setEmail("alice@example.com")
                          .build()));
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      OUT.printf("Published %d events (6 on %s).%n", sent.size(), OrderTopic.NAME);

      Await.until(TIMEOUT, "billing received 6 order events", () -> billingReceived.size() == 6);
      Await.until(
          TIMEOUT, "reporting view applied 6 order events", () -> reportingApplied.get() == 6);

      OUT.println();
      OUT.println("In-memory OrderView of group demo-reporting (id -> latest state):");
      reportingView
          .snapshot()
          .forEach(
              (id, order) ->
                  OUT.printf(
                      "  %s -> status=%s, items=%d, total=%d.%02d %s%n",
                      id,
                      order.getStatus(),
                      order.getItemsCount(),
                      order.getTotal().getUnits(),
                      order.getTotal().getNanos() / 10_000_000,
                      order.getTotal().getCurrencyCode()));

      billingSubscription.close();
      reportingSubscription.close();
      OUT.println("Unsubscribed both handlers.");
    }
  }

  /** The handler of the "billing" service: prints every event it receives. */
  private static final class PrintingHandler implements OrderHandler {
    private final List<OrderEvent> received;

    PrintingHandler(List<OrderEvent> received) {
      this.received = received;
    }

    private void print(OrderEvent event, String details) {
      OUT.printf(
          "  billing <- %-15s key=%-8s partition=%d offset=%d  %s%n",
          event.metadata().eventType(),
          event.metadata().key(),
          event.metadata().partition(),
          event.metadata().offset(),
          details);
      received.add(event);
    }

    @Override
    public void onCreated(OrderEvent.Created event) {
      print(
          event,
          "customer=" + event.order().getCustomerId() + " items=" + event.order().getItemsCount());
    }

    @Override
    public void onReplaced(OrderEvent.Replaced event) {
      print(event, "status=" + event.order().getStatus());
    }

    @Override
    public void onPatched(OrderEvent.Patched event) {
      print(
          event,
          "changed=" + event.fieldMask().getPathsList() + " status=" + event.order().getStatus());
    }

    @Override
    public void onDeleted(OrderEvent.Deleted event) {
      print(event, "id=" + event.id());
    }

    @Override
    public void onCancelled(OrderEvent.Cancelled event) {
      print(event, "reason=" + event.orderCancelled().getReason());
    }

    @Override
    public void onCompleted(OrderEvent.Completed event) {
      print(
          event,
          "at=" + Instant.ofEpochSecond(event.orderCompleted().getCompletedAt().getSeconds()));
    }

    @Override
    public void onPaymentReceived(OrderEvent.PaymentReceived event) {
      print(
          event,
          "payment="
              + event.paymentReceived().getPaymentId()
              + " amount="
              + event.paymentReceived().getAmount().getUnits());
    }
  }

  private static boolean assigned(Subscription subscription) {
    try {
      return subscription.awaitAssignment(Duration.ofMillis(200));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Order order(
      String id, String customer, Order.Status status, int quantity, long cents) {
    return Order.newBuilder()
        .setId(id)
        .setCustomerId(customer)
        .setStatus(status)
        .addItems(
            Order.LineItem.newBuilder()
                .setProductId("sku-" + id)
                .setQuantity(quantity)
                .setUnitPrice(Prices.euros(cents)))
        .putLabels("channel", "web")
        .setCreatedAt(now())
        .setTotal(Prices.euros(cents * quantity))
        .build();
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }
}
