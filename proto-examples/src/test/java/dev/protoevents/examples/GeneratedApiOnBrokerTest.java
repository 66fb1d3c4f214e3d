package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.protoevents.examples.shop.carts.CartItem;
import dev.protoevents.examples.shop.carts.CartItemEvent;
import dev.protoevents.examples.shop.carts.CartItemPublisher;
import dev.protoevents.examples.shop.carts.CartItemSubscriber;
import dev.protoevents.examples.shop.carts.CartItemTopic;
import dev.protoevents.examples.shop.carts.CartItemView;
import dev.protoevents.examples.shop.customers.CustomerProto.Customer;
import dev.protoevents.examples.shop.customers.CustomerProto.CustomerEmailVerified;
import dev.protoevents.examples.shop.customers.CustomerPublisher;
import dev.protoevents.examples.shop.customers.CustomerSubscriber;
import dev.protoevents.examples.shop.customers.CustomerTopic;
import dev.protoevents.examples.shop.customers.CustomerView;
import dev.protoevents.examples.shop.orders.Order;
import dev.protoevents.examples.shop.orders.OrderCancelled;
import dev.protoevents.examples.shop.orders.OrderCompleted;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderPublisher;
import dev.protoevents.examples.shop.orders.OrderSubscriber;
import dev.protoevents.examples.shop.orders.OrderTopic;
import dev.protoevents.examples.shop.orders.PaymentReceived;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.TopicAdmin;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated publishers, subscribers, handlers and views against a real Kafka broker. Topics are
 * shared with other tests of this JVM, so each test uses its own ids and consumer groups.
 */
@EmbeddedKafkaTest
class GeneratedApiOnBrokerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static String servers;
  private static EventPublisher publisher;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void createTopicsAndPublisher(EmbeddedKafka kafka) {
    servers = kafka.bootstrapServers();
    try (TopicAdmin admin = TopicAdmin.create(Map.of("bootstrap.servers", servers))) {
      admin.createMissing(List.of(OrderTopic.SPEC, CustomerTopic.SPEC, CartItemTopic.SPEC));
    }
    publisher = EventPublisher.create(Map.of("bootstrap.servers", servers));
  }

  @AfterAll
  static void closePublisher() {
    publisher.close();
  }

  private EventSubscriber subscriber(String group) {
    return EventSubscriber.create(
        Map.of("bootstrap.servers", servers, "group.id", group + "-" + run));
  }

  private static Subscription assigned(Subscription subscription) throws InterruptedException {
    assertTrue(
        subscription.awaitAssignment(TIMEOUT),
        "no partitions assigned to " + subscription.groupId());
    return subscription;
  }

  private static Order order(String id, Order.Status status) {
    return Order.newBuilder()
        .setId(id)
        .setCustomerId("c-" + id)
        .setStatus(status)
        .addItems(Order.LineItem.newBuilder().setProductId("sku").setQuantity(2))
        .putLabels("channel", "web")
        .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .build();
  }

  @Test
  void everyResourceAndDomainEventArrivesAsItsTypedEventWithEqualPayloadKeyedOnTheResourceTopic()
      throws Exception {
    // Given a handler subscribed in its own group
    String id = run + "-order";
    RecordingOrderHandler handler = new RecordingOrderHandler(run);
    try (EventSubscriber subscriber = subscriber("typed")) {
      assigned(new OrderSubscriber(subscriber).subscribe(handler));

      // When every event of Order is published through the generated publisher
      OrderPublisher orders = new OrderPublisher(publisher);
      Order created = order(id, Order.Status.STATUS_OPEN);
      Order replaced = order(id, Order.Status.STATUS_SHIPPED);
      Order patched = order(id, Order.Status.STATUS_COMPLETED);
      FieldMask mask = FieldMask.newBuilder().addPaths("status").build();
      OrderCompleted completed =
          OrderCompleted.newBuilder()
              .setOrderId(id)
              .setCompletedAt(Timestamp.newBuilder().setSeconds(5))
              .build();
      OrderCancelled cancelled =
          OrderCancelled.newBuilder()
              .setOrderId(id)
              .setReason("changed mind")
              .setPreviousStatus(Order.Status.STATUS_PAID)
              .build();
      PaymentReceived payment =
          PaymentReceived.newBuilder().setOrderId(id).setPaymentId("p-1").build();
      List<RecordMetadata> written = new ArrayList<>();
      for (CompletableFuture<RecordMetadata> future :
          List.of(
              orders.created(created),
              orders.replaced(replaced),
              orders.patched(patched, mask),
              orders.paymentReceived(payment),
              orders.completed(completed),
              orders.cancelled(cancelled),
              orders.deleted(id))) {
        written.add(future.get());
      }

      // Then the handler receives each as its own type, in order, with equal payloads
      Await.until(TIMEOUT, "7 order events", () -> handler.events().size() == 7);
      List<OrderEvent> events = handler.events();
      assertEquals(created, assertInstanceOf(OrderEvent.Created.class, events.get(0)).order());
      assertEquals(replaced, assertInstanceOf(OrderEvent.Replaced.class, events.get(1)).order());
      OrderEvent.Patched patchedEvent = assertInstanceOf(OrderEvent.Patched.class, events.get(2));
      assertEquals(patched, patchedEvent.order());
      assertEquals(mask, patchedEvent.fieldMask());
      assertEquals(
          payment,
          assertInstanceOf(OrderEvent.PaymentReceived.class, events.get(3)).paymentReceived());
      assertEquals(
          completed, assertInstanceOf(OrderEvent.Completed.class, events.get(4)).orderCompleted());
      assertEquals(
          cancelled, assertInstanceOf(OrderEvent.Cancelled.class, events.get(5)).orderCancelled());
      assertEquals(id, assertInstanceOf(OrderEvent.Deleted.class, events.get(6)).id());

      // and every record was keyed by the order id on the order topic, in one partition
      List<String> types =
          List.of(
              "OrderCreated",
              "OrderReplaced",
              "OrderPatched",
              "PaymentReceived",
              "OrderCompleted",
              "OrderCancelled",
              "OrderDeleted");
      for (int i = 0; i < events.size(); i++) {
        var metadata = events.get(i).metadata();
        assertEquals(types.get(i), metadata.eventType());
        assertEquals(id, metadata.key());
        assertEquals(OrderTopic.NAME, metadata.topic());
        assertEquals(written.get(i).partition(), metadata.partition());
        assertEquals(written.get(i).offset(), metadata.offset());
        assertEquals("io.restorecommerce.order.resource", written.get(i).topic());
      }
      assertEquals(1, events.stream().map(e -> e.metadata().partition()).distinct().count());
      assertEquals(7, events.stream().map(e -> e.metadata().eventId()).distinct().count());
    }
  }

  @Test
  void resourcesWithAnOuterClassOrWithoutOptionsWorkTheSameWay() throws Exception {
    // Given views of Customer (classes nested in CustomerProto) and CartItem (configured, no
    // options)
    CustomerView customers = new CustomerView();
    CartItemView cartItems = new CartItemView();
    try (EventSubscriber subscriber = subscriber("views")) {
      assigned(new CustomerSubscriber(subscriber).subscribe(customers));
      assigned(new CartItemSubscriber(subscriber).subscribe(cartItems));

      // When both are published
      Customer customer =
          Customer.newBuilder()
              .setCustomerId(run + "-c")
              .setName("Ann")
              .setEmail("ann@example.com")
              .build();
      new CustomerPublisher(publisher).created(customer).get();
      new CustomerPublisher(publisher)
          .emailVerified(
              CustomerEmailVerified.newBuilder()
                  .setCustomerId(customer.getCustomerId())
                  .setEmail("ann@example.com")
                  .build())
          .get();
      CartItem item =
          CartItem.newBuilder().setId(run + "-i").setCartId("cart").setQuantity(3).build();
      new CartItemPublisher(publisher).created(item).get();

      // Then each view holds its resource under its key field
      Await.until(
          TIMEOUT,
          "views updated",
          () ->
              customers.get(customer.getCustomerId()).isPresent()
                  && cartItems.get(item.getId()).isPresent());
      assertEquals(customer, customers.get(customer.getCustomerId()).orElseThrow());
      assertEquals(item, cartItems.get(item.getId()).orElseThrow());
      assertEquals("io.restorecommerce.customer.resource", CustomerTopic.NAME);
      assertEquals("io.restorecommerce.cart_item.resource", CartItemTopic.NAME);
      assertEquals("CartItemCreated", CartItemEvent.Created.TYPE);
    }
  }

  @Test
  void afterUnsubscribeNoFurtherEventsAreDelivered() throws Exception {
    // Given a subscription that has received one event
    RecordingOrderHandler unsubscribed = new RecordingOrderHandler(run);
    RecordingOrderHandler witness = new RecordingOrderHandler(run);
    OrderPublisher orders = new OrderPublisher(publisher);
    try (EventSubscriber first = subscriber("leaving");
        EventSubscriber second = subscriber("witness")) {
      Subscription leaving = assigned(new OrderSubscriber(first).subscribe(unsubscribed));
      assigned(new OrderSubscriber(second).subscribe(witness));
      orders.created(order(run + "-1", Order.Status.STATUS_OPEN)).get();
      Await.until(TIMEOUT, "first event", () -> unsubscribed.events().size() == 1);

      // When it unsubscribes and more events are published
      leaving.close();
      assertTrue(
          leaving.awaitTermination(Duration.ZERO), "close() returned before the thread ended");
      assertEquals(SubscriptionState.STOPPED, leaving.state());
      orders.created(order(run + "-2", Order.Status.STATUS_OPEN)).get();
      orders.deleted(run + "-1").get();

      // Then a subscription in another group receives them, the closed one does not
      Await.until(TIMEOUT, "witness got all three", () -> witness.events().size() == 3);
      assertEquals(
          1,
          unsubscribed.events().size(),
          () -> "delivered after unsubscribe: " + unsubscribed.events());
    }
  }

  @Test
  void twoServicesInDifferentConsumerGroupsBothReceiveEveryEventInOrderPerId() throws Exception {
    // Given two services, each in its own group, on the 3-partition order topic
    RecordingOrderHandler billing = new RecordingOrderHandler(run);
    RecordingOrderHandler shipping = new RecordingOrderHandler(run);
    try (EventSubscriber billingGroup = subscriber("billing");
        EventSubscriber shippingGroup = subscriber("shipping")) {
      assigned(new OrderSubscriber(billingGroup).subscribe(billing));
      assigned(new OrderSubscriber(shippingGroup).subscribe(shipping));

      // When 10 orders are created and then patched
      OrderPublisher orders = new OrderPublisher(publisher);
      List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sent.add(orders.created(order(run + "-" + i, Order.Status.STATUS_OPEN)));
      }
      for (int i = 0; i < 10; i++) {
        sent.add(
            orders.patched(
                order(run + "-" + i, Order.Status.STATUS_PAID),
                FieldMask.newBuilder().addPaths("status").build()));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      assertTrue(
          sent.stream().map(f -> f.join().partition()).distinct().count() > 1,
          "all orders landed in one partition");

      // Then both groups receive all 20, and for every id the creation comes before the patch
      for (RecordingOrderHandler service : List.of(billing, shipping)) {
        Await.until(TIMEOUT, "20 events", () -> service.events().size() == 20);
        for (int i = 0; i < 10; i++) {
          String id = run + "-" + i;
          List<String> types =
              service.events().stream()
                  .filter(e -> e.metadata().key().equals(id))
                  .map(e -> e.metadata().eventType())
                  .toList();
          assertEquals(List.of("OrderCreated", "OrderPatched"), types, id);
        }
      }
    }
  }

  @Test
  void aPatchWhoseMaskNamesNoFieldIsRejectedBeforeSending() {
    OrderPublisher orders = new OrderPublisher(publisher);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                orders.patched(
                    order(run, Order.Status.STATUS_PAID),
                    FieldMask.newBuilder().addPaths("colour").build()));
    assertTrue(error.getMessage().contains("colour"), error.getMessage());
  }
}
