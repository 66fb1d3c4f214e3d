package dev.protoevents.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsARestorePayloadAsChassisSrvSendsIt() {
    Object value =
        Json.parse("{\"data\":[{\"entity\":\"user\",\"base_offset\":0,\"ignore_offset\":[3, 4]}]}");

    Map<String, Object> entry = Json.asObject(((List<?>) Json.asObject(value).get("data")).get(0));
    assertEquals("user", entry.get("entity"));
    assertEquals(BigDecimal.ZERO, entry.get("base_offset"));
    assertEquals(List.of(new BigDecimal(3), new BigDecimal(4)), entry.get("ignore_offset"));
  }

  @Test
  void writesWhatItReads() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("topic", "io.restorecommerce.users.resource");
    map.put("offset", 41L);
    map.put("ok", true);
    map.put("none", null);
    map.put("text", "a \"quoted\"\nline\u0001");
    String json = Json.write(map);

    assertEquals(
        "{\"topic\":\"io.restorecommerce.users.resource\",\"offset\":41,\"ok\":true,"
            + "\"none\":null,\"text\":\"a \\\"quoted\\\"\\nline\\u0001\"}",
        json);
    Map<String, Object> back = Json.asObject(Json.parse(json));
    assertEquals(map.get("text"), back.get("text"));
    assertEquals(new BigDecimal(41), back.get("offset"));
  }

  @Test
  void refusesWhatIsNotJsonNamingThePosition() {
    for (String bad :
        List.of(
            "{\"a\":1,}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "[01]", "{'a':1}", "\"\\x\"", "")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertEquals(true, e.getMessage().startsWith("invalid JSON at position "), e.getMessage());
    }
  }
}
