package dev.protoevents.generator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamingRulesTest {
  private static final String TABLE = "/naming/event-names.csv";

  /** name, verdict, suggestion: every row of {@code naming/event-names.csv}. */
  static Stream<Arguments> eventNames() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = NamingRulesTest.class.getResourceAsStream(TABLE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        rows.add(Arguments.of(cells[0].trim(), cells[1].trim(), cells[2].trim()));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @MethodSource("eventNames")
  void realWorldEventNames(String name, String verdict, String suggestion) {
    Optional<NamingRules.Violation> violation = NamingRules.checkEventName(name);
    if (verdict.equals("ok")) {
      assertEquals(Optional.empty(), violation, name);
    } else {
      assertTrue(violation.isPresent(), name + " should be rejected");
      assertEquals(
          "named-after-service".equals(verdict) ? "event-named-after-service" : "event-" + verdict,
          violation.get().tag(),
          name);
      assertEquals(
          suggestion.isEmpty() ? Optional.empty() : Optional.of(suggestion),
          violation.get().suggestion(),
          name);
    }
  }

  @Test
  void theTableIsLargeAndHoldsEveryNameTheIssueLists() throws IOException {
    List<String> names = eventNames().map(a -> (String) a.get()[0]).toList();
    assertTrue(names.size() >= 150, "only " + names.size() + " names");
    assertEquals(names.size(), Set.copyOf(names).size(), "a name is listed twice");
    for (String name :
        List.of(
            "UserLoggedIn",
            "OrderSetUp",
            "UserSignedUp",
            "ItemCheckedOut",
            "ContractBound",
            "FileOverwritten",
            "LoanRepaid",
            "OrderCreatedV2",
            "PaymentSucceed",
            "LimitExceed",
            "OrderProceed",
            "ApiKeyRevoked",
            "ServerProvisioned",
            "WorkerHired",
            "PaymentGatewayConfigured",
            "BorrowBook")) {
      assertTrue(names.contains(name), name + " is missing from the table");
    }
  }

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
