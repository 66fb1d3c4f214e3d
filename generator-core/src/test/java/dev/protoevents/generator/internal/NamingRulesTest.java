package dev.protoevents.generator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamingRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "OrderCreated",
        "CartItemAdded",
        "PaymentReceived",
        "InvoiceSent",
        "OrderPaid",
        "ReservationExpired",
        "OrderShipped",
        "FeeWithdrawn",
        "EmailVerified",
        "OrderHTTPSynced"
      })
  void pastTenseEventNamesPass(String name) {
    assertTrue(NamingRules.isPastTense(name), name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateOrder",
        "OrderUpdate",
        "Order",
        "OrderFeed",
        "OrderCompletedEvent",
        "Created",
        "OrderSpeed"
      })
  void namesThatDoNotEndInAPastParticipleFail(String name) {
    assertFalse(NamingRules.isPastTense(name), name);
  }

  @ParameterizedTest
  @CsvSource({
    "CreateOrder,OrderCreated",
    "OrderUpdate,OrderUpdated",
    "OrderCompletedEvent,OrderCompleted",
    "PayInvoice,InvoicePaid"
  })
  void aPastTenseNameIsSuggested(String name, String suggestion) {
    assertEquals(Optional.of(suggestion), NamingRules.suggestPastTense(name));
  }

  @Test
  void serviceWordsAreFound() {
    assertEquals(Optional.of("Service"), NamingRules.serviceWord("OrderServiceUpdated"));
    assertEquals(Optional.of("Manager"), NamingRules.serviceWord("CartManagerChanged"));
    assertEquals(Optional.empty(), NamingRules.serviceWord("ServingSizeChanged"));
    assertEquals("OrderUpdated", NamingRules.withoutServiceWords("OrderServiceUpdated"));
  }

  @Test
  void resourceNamesAndTopicsFollowThePattern() {
    assertEquals("cart_item", NamingRules.snakeCase("CartItem"));
    assertEquals("http_log", NamingRules.snakeCase("HTTPLog"));
    assertEquals(List.of("Order", "HTTP", "Synced"), NamingRules.words("OrderHTTPSynced"));
    assertEquals(
        "io.restorecommerce.cart_item.resource",
        NamingRules.topic("io.restorecommerce", "cart_item"));
    assertTrue(NamingRules.followsTopicPattern("com.acme.cart_item.resource", "cart_item"));
    assertFalse(NamingRules.followsTopicPattern("cart_item.resource", "cart_item"));
    assertFalse(NamingRules.followsTopicPattern("com.acme.cart_items.resource", "cart_item"));
    assertTrue(NamingRules.invalidTopicName("orders/eu").isPresent());
    assertTrue(NamingRules.invalidTopicName("..").isPresent());
    assertTrue(NamingRules.invalidTopicName("a".repeat(250)).isPresent());
    assertEquals(
        Optional.empty(), NamingRules.invalidTopicName("io.restorecommerce.order.resource"));
  }
}
