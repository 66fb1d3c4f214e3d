package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.examples.shop.catalog.ProductPrice;
import dev.protoevents.examples.shop.catalog.ProductPriceEvent;
import dev.protoevents.examples.shop.catalog.ProductPriceTopic;
import dev.protoevents.examples.shop.catalog.ProductPriceView;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.UnknownEventTypeException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The generated decoder of a full-state-only resource: a tombstone (no value) decodes to Deleted,
 * and a patch, which such a topic never carries, fails loudly instead of being skipped.
 */
class ProductPriceDecoderTest {

  private static IncomingEvent record(String eventType, byte[] value) {
    return new IncomingEvent(
        new EventMetadata(
            eventType,
            "shop.catalog.ProductPrice",
            "e-1",
            Instant.EPOCH,
            "p-1",
            ProductPriceTopic.NAME,
            0,
            7),
        value,
        Optional.empty());
  }

  @Test
  void tombstoneDecodesToDeletedWithTheIdFromTheKeyAndRemovesThePriceFromTheView()
      throws Exception {
    // Given a view holding p-1
    ProductPriceView view = new ProductPriceView();
    ProductPrice price = ProductPrice.newBuilder().setProductId("p-1").build();
    view.onEvent(
        ProductPriceTopic.decode(record(ProductPriceEvent.Created.TYPE, price.toByteArray())));

    // When a tombstone of p-1 (no value; the subscription passes an empty payload) is decoded
    ProductPriceEvent event =
        ProductPriceTopic.decode(record(ProductPriceEvent.Deleted.TYPE, new byte[0]));
    view.onEvent(event);

    // Then it is Deleted with the key as id, and the view no longer holds p-1
    assertEquals("p-1", assertInstanceOf(ProductPriceEvent.Deleted.class, event).id());
    assertFalse(view.get("p-1").isPresent());
  }

  @Test
  void patchOnAFullStateOnlyTopicIsADecodingErrorNotAnUnknownTypeToSkip() {
    EventDecodingException e =
        assertThrows(
            EventDecodingException.class,
            () -> ProductPriceTopic.decode(record("ProductPricePatched", new byte[0])));
    assertFalse(e instanceof UnknownEventTypeException, e.toString());
    assertTrue(e.getMessage().contains("full_state_only"), e.getMessage());
  }
}
