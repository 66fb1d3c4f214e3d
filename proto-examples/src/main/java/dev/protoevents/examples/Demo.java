package dev.protoevents.examples;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.protoevents.examples.shop.billing.InvoiceEvent;
import dev.protoevents.examples.shop.billing.InvoiceTopic;
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
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.restore.RestoreListener;
import dev.protoevents.runtime.restore.RestoreProgress;
import dev.protoevents.runtime.restore.Snapshot;
import dev.protoevents.runtime.restore.SnapshotStore;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Starts an embedded Kafka broker, publishes a handful of resource and domain events through the
 * generated publishers, and prints what a side-effect handler in a consumer group ("billing")
 * receives and the in-memory view that a state feed ("reporting") keeps. Then the reporting service
 * takes a snapshot and stops, more events are published, and it restarts, restoring from the
 * snapshot with a live progress line; its view is compared with one rebuilt from scratch. Exits by
 * itself, leaving nothing running.
 *
 * <pre>{@code
 * ./mvnw -B -Pdemo verify
 * }</pre>
 */
public final class Demo {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final PrintStream OUT = System.out;

  private Demo() {}

  /**
   * Events published while the reporting service is stopped; {@code -Ddemo.events=N} changes it
   * (the test of the demo's output uses fewer).
   */
  private static final int EVENTS_WHILE_STOPPED = Integer.getInteger("demo.events", 30_000);

  /**
   * Runs the demo; exits with status 1 if the events do not arrive in time or the restored view
   * differs from the rebuilt one.
   */
  public static void main(String[] args) throws Exception {
    OUT.println("Starting an embedded Kafka broker (KRaft) ...");
    Path snapshots = Files.createTempDirectory("protoevents-demo-snapshots");
    boolean same;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      run(kafka.bootstrapServers(), SnapshotStore.directory(snapshots));
      same = restart(kafka.bootstrapServers(), SnapshotStore.directory(snapshots));
    } finally {
      deleteSnapshots(snapshots);
    }
    OUT.println("Broker stopped. Done.");
    if (!same) {
      System.exit(1);
    }
  }

  private static void run(String servers, SnapshotStore snapshots) throws Exception {
    try (TopicAdmin admin = TopicAdmin.create(Map.of("bootstrap.servers", servers))) {
      admin.createMissing(
          List.of(OrderTopic.SPEC, CustomerTopic.SPEC, CartItemTopic.SPEC, InvoiceTopic.SPEC));
    }
    OUT.printf(
        "Topics: %s (%d partitions), %s, %s, %s%n",
        OrderTopic.NAME,
        OrderTopic.SPEC.partitions(),
        CustomerTopic.NAME,
        CartItemTopic.NAME,
        InvoiceTopic.NAME);

    List<OrderEvent> billingReceived = new CopyOnWriteArrayList<>();
    OrderView reportingView = new OrderView();
    Map<String, Object> clientConfig = Map.of("bootstrap.servers", servers);
    try (EventPublisher publisher = EventPublisher.create(clientConfig);
        EventSubscriber billing =
            EventSubscriber.create(
                Map.of("bootstrap.servers", servers, "group.id", "demo-billing"));
        // The reporting service keeps state: a feed reads every partition itself, restores, then
        // follows live events; its position lives in its snapshots, not in a consumer group.
        StateFeed reporting =
            OrderTopic.feed(clientConfig, reportingView)
                .snapshots(snapshots)
                .snapshotOnClose(false)
                .start();
        // Invoicing turns events into events: a processor, whose emitted invoices commit in one
        // transaction with the offsets of the orders that caused them.
        EventProcessor invoicing =
            OrderTopic.process(clientConfig, "demo-invoicing", new BillingProcessor());
        EventSubscriber accounting =
            EventSubscriber.create(
                Map.of("bootstrap.servers", servers, "group.id", "demo-accounting"))) {
      List<InvoiceEvent> invoices = new CopyOnWriteArrayList<>();
      Subscription accountingSubscription =
          accounting.subscribe(InvoiceTopic.NAME, InvoiceTopic.DECODER, invoices::add);
      Await.until(
          TIMEOUT, "accounting subscription assigned", () -> assigned(accountingSubscription));
      if (!invoicing.awaitAssignment(TIMEOUT)) {
        throw new IllegalStateException("invoicing processor did not start: " + invoicing.state());
      }

      // Billing does side effects (here: printing), so it subscribes in a consumer group.
      Subscription billingSubscription =
          new OrderSubscriber(billing).subscribe(new PrintingHandler(billingReceived));
      Await.until(TIMEOUT, "billing subscription assigned", () -> assigned(billingSubscription));
      if (!reporting.awaitCaughtUp(TIMEOUT)) {
        throw new IllegalStateException("reporting feed did not catch up");
      }

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
          TIMEOUT, "reporting view applied 6 order events", () -> reporting.eventsApplied() == 6);

      Await.until(TIMEOUT, "accounting received the invoice", () -> invoices.size() == 1);
      InvoiceEvent.Created invoice = (InvoiceEvent.Created) invoices.get(0);
      OUT.printf(
          "Invoicing processor turned OrderCompleted of %s into InvoiceCreated %s in one"
              + " transaction with its input offset;%n  causation id %s, correlation id %s%n",
          invoice.invoice().getOrderId(),
          invoice.invoice().getId(),
          invoice.metadata().causationId().orElse("-"),
          invoice.metadata().correlationId().orElse("-"));

      OUT.println();
      OUT.println("In-memory OrderView of the reporting service (id -> latest state):");
      printView(reportingView);

      Snapshot snapshot = reporting.snapshotNow().get(30, TimeUnit.SECONDS);
      OUT.printf(
          "Reporting took snapshot %d (%d orders, %d bytes) at offsets %s, and stops.%n",
          snapshot.sequence(), reportingView.size(), snapshot.state().length, snapshot.offsets());
      billingSubscription.close();
      OUT.println("Billing unsubscribed.");
    }
  }

  /**
   * Publishes more events while reporting is down, restarts it from its snapshot with a live
   * progress line, and compares its view with one rebuilt from the log start.
   */
  private static boolean restart(String servers, SnapshotStore snapshots) throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", servers);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      publishMore(new OrderPublisher(publisher));
    }
    OUT.printf(
        "While reporting was down, %,d more order events were published.%n", EVENTS_WHILE_STOPPED);

    OrderView restored = new OrderView();
    RestoreListener progressLine =
        new RestoreListener() {
          @Override
          public void onRestoreStarted(Snapshot snapshot) {
            OUT.printf(
                "Reporting restarts from %s%n",
                snapshot == null ? "the log start" : "snapshot " + snapshot.sequence());
          }

          @Override
          public void onProgress(RestoreProgress progress) {
            OUT.println("  " + RestoreListener.describe(progress));
          }

          @Override
          public void onCaughtUp(RestoreProgress progress) {
            OUT.println("  " + RestoreListener.describe(progress));
          }
        };
    OrderView scratch = new OrderView();
    try (StateFeed feed =
            OrderTopic.feed(config, restored)
                .snapshots(snapshots)
                .listener(progressLine)
                .progressInterval(Duration.ofMillis(250))
                .start();
        StateFeed fromScratch =
            OrderTopic.feed(config, scratch).listener(new RestoreListener() {}).start()) {
      if (!feed.awaitCaughtUp(TIMEOUT) || !fromScratch.awaitCaughtUp(TIMEOUT)) {
        throw new IllegalStateException("the views did not catch up in time");
      }
      OUT.printf(
          "Restored from the snapshot: applied %,d events; rebuilt from scratch: applied %,d.%n",
          feed.eventsApplied(), fromScratch.eventsApplied());
    }
    boolean same = restored.snapshot().equals(scratch.snapshot());
    OUT.printf(
        "Restored view equals the view rebuilt from scratch: %s (%,d orders).%n",
        same, restored.size());
    OUT.println(
        "order-1 after the restore: " + restored.get("order-1").map(Demo::describe).orElse("none"));
    return same;
  }

  private static void publishMore(OrderPublisher orders) throws Exception {
    Random random = new Random(7);
    List<CompletableFuture<?>> sent = new ArrayList<>(EVENTS_WHILE_STOPPED);
    for (int i = 0; i < EVENTS_WHILE_STOPPED; i++) {
      String id = "order-" + (3 + random.nextInt(2_000));
      sent.add(
          switch (random.nextInt(4)) {
            case 0 -> orders.deleted(id);
            case 1 ->
                orders.patched(
                    Order.newBuilder().setId(id).setStatus(Order.Status.STATUS_SHIPPED).build(),
                    FieldMask.newBuilder().addPaths("status").build());
            default ->
                orders.created(
                    order(id, "c-" + random.nextInt(100), Order.Status.STATUS_OPEN, 1, 500));
          });
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
  }

  private static void printView(OrderView view) {
    view.snapshot().forEach((id, order) -> OUT.printf("  %s -> %s%n", id, describe(order)));
  }

  private static String describe(Order order) {
    return String.format(
        "status=%s, items=%d, total=%d.%02d %s",
        order.getStatus(),
        order.getItemsCount(),
        order.getTotal().getUnits(),
        order.getTotal().getNanos() / 10_000_000,
        order.getTotal().getCurrencyCode());
  }

  /** Deletes the demo's snapshots through the store, then their directory. */
  private static void deleteSnapshots(Path directory) throws IOException {
    SnapshotStore store = SnapshotStore.directory(directory);
    for (long sequence : store.sequences()) {
      store.delete(sequence);
    }
    Files.delete(directory);
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
