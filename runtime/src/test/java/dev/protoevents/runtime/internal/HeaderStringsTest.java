package dev.protoevents.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderStringsTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void equalBytesGiveTheSameInstance() {
    HeaderStrings strings = new HeaderStrings();

    String first = strings.get(utf8("OrderCreated"));
    String second = strings.get(utf8("OrderCreated"));

    assertEquals("OrderCreated", first);
    assertSame(first, second);
    assertEquals("OrderPatched", strings.get(utf8("OrderPatched")));
  }

  @Test
  void decodesWithTheGivenFunction() {
    HeaderStrings strings =
        new HeaderStrings(bytes -> new String(bytes, StandardCharsets.UTF_8).toLowerCase());

    assertEquals("ordercreated", strings.get(utf8("OrderCreated")));
  }

  @Test
  void stopsKeepingValuesAtItsCapacity() {
    HeaderStrings strings = new HeaderStrings();
    for (int i = 0; i < 64; i++) {
      strings.get(utf8("Type" + i));
    }

    String first = strings.get(utf8("OneTooMany"));
    String second = strings.get(utf8("OneTooMany"));

    assertEquals(first, second);
    assertNotSame(first, second);
    assertSame(strings.get(utf8("Type3")), strings.get(utf8("Type3")));
  }
}
