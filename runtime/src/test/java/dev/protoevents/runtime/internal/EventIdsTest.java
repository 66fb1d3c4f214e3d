package dev.protoevents.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final long MILLIS = 1_764_325_530_123L; // 2025-11-28T10:25:30.123Z

  /**
   * Runs {@code task} on a thread of its own: ids are per thread and never go back in time, so a
   * thread that made ids at the current time would make later ones than {@link #MILLIS} says.
   */
  private static <T> T onFreshThread(Callable<T> task) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(task).get();
    } finally {
      thread.shutdown();
    }
  }

  @Test
  void idHasTheUuidV7LayoutWithItsMillisecond() throws Exception {
    byte[] id = onFreshThread(() -> EventIds.next(MILLIS));

    UUID uuid = UUID.fromString(EventIds.toString(id));
    assertEquals(16, id.length);
    assertEquals(7, uuid.version());
    assertEquals(2, uuid.variant());
    assertEquals(MILLIS, EventIds.epochMillis(id));
    assertEquals(MILLIS, uuid.getMostSignificantBits() >>> 16);
  }

  @Test
  void idsOfOneThreadIncreaseStrictlyEvenWithinOneMillisecondAndWhenTheClockGoesBack()
      throws Exception {
    List<String> ids =
        onFreshThread(
            () -> {
              List<String> made = new ArrayList<>();
              for (int i = 0; i < 10_000; i++) {
                made.add(EventIds.toString(EventIds.next(MILLIS)));
              }
              made.add(EventIds.toString(EventIds.next(MILLIS - 1_000))); // clock went back 1 s
              return made;
            });

    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " !< " + ids.get(i));
    }
  }

  @Test
  void idsOfManyThreadsAreUnique() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    int threads = 4;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    ids.add(EventIds.toString(EventIds.next(MILLIS)));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(threads * perThread, ids.size());
  }

  @Test
  void canonicalUuidTextParsesToItsBytesAndBack() {
    byte[] id = EventIds.next(MILLIS);
    String text = EventIds.toString(id);

    assertArrayEquals(id, EventIds.parse(text));
    assertArrayEquals(
        EventIds.parse("123e4567-e89b-12d3-a456-426614174000"),
        EventIds.parse(UUID.fromString("123e4567-e89b-12d3-a456-426614174000").toString()));
  }

  @Test
  void otherTextIsNoUuid() {
    assertNull(EventIds.parse("outbox-42"));
    assertNull(EventIds.parse("123E4567-E89B-12D3-A456-426614174000")); // not canonical
    assertNull(EventIds.parse("123e4567-e89b-12d3-a456-42661417400g"));
    assertNull(EventIds.parse("123e4567xe89b-12d3-a456-426614174000"));
  }
}
