package dev.protoevents.runtime.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Event ids: 16 bytes in the UUIDv7 layout (RFC 9562), so they sort by the millisecond they were
 * made in. 48 bits of Unix milliseconds, the version, a 12-bit counter that keeps the ids of one
 * thread strictly increasing within a millisecond, the variant and 62 random bits.
 *
 * <p>Each thread has its own state, seeded once from {@link SecureRandom} and stepped with
 * SplitMix64 afterwards: no lock, no shared counter, no {@code SecureRandom} per id, so publishing
 * threads do not contend.
 */
public final class EventIds {

  /** Length of an id in bytes. */
  public static final int LENGTH = 16;

  private static final SecureRandom SEEDS = new SecureRandom();

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private EventIds() {}

  /** A new id for an event that occurred at {@code epochMillis}, as 16 bytes. */
  public static byte[] next(long epochMillis) {
    State state = STATE.get();
    long msb = state.mostSignificantBits(epochMillis);
    long lsb = (state.nextRandom() >>> 2) | 0x8000_0000_0000_0000L; // variant 10
    byte[] id = new byte[LENGTH];
    putLong(id, 0, msb);
    putLong(id, 8, lsb);
    return id;
  }

  /** The Unix milliseconds in a UUIDv7 id made by {@link #next}. */
  public static long epochMillis(byte[] id) {
    return getLong(id, 0) >>> 16;
  }

  /** The canonical text form ({@code 0192f4c3-...}) of a 16-byte id. */
  public static String toString(byte[] id) {
    return new UUID(getLong(id, 0), getLong(id, 8)).toString();
  }

  /**
   * The 16 bytes of {@code text} if it is a UUID in canonical form (36 characters, hex digits and
   * four dashes, any version); null otherwise.
   */
  public static byte[] parse(String text) {
    if (text.length() != 36
        || text.charAt(8) != '-'
        || text.charAt(13) != '-'
        || text.charAt(18) != '-'
        || text.charAt(23) != '-') {
      return null;
    }
    byte[] id = new byte[LENGTH];
    int nibbles = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return null;
      }
      id[nibbles >> 1] |= (byte) ((nibbles & 1) == 0 ? digit << 4 : digit);
      nibbles++;
    }
    // Only the canonical spelling round-trips: upper-case digits would come back in lower case.
    return toString(id).equals(text) ? id : null;
  }

  private static void putLong(byte[] bytes, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long getLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  /** One thread's generator: its last millisecond, counter and random state. */
  private static final class State {
    private long lastMillis = Long.MIN_VALUE;
    private int counter;
    private long random;

    State() {
      synchronized (SEEDS) {
        random = SEEDS.nextLong();
      }
    }

    /** Time, version 7 and counter; the time moves on by a millisecond if the counter runs out. */
    long mostSignificantBits(long epochMillis) {
      if (epochMillis > lastMillis) {
        lastMillis = epochMillis;
        // Start low in the 12-bit range, leaving room for thousands of ids in this millisecond.
        counter = (int) (nextRandom() >>> 55); // 9 random bits
      } else if (++counter > 0xFFF) {
        lastMillis++; // clock went back, or 4096 ids in one millisecond: borrow the next one
        counter = 0;
      }
      return ((lastMillis & 0xFFFF_FFFF_FFFFL) << 16) | 0x7000L | counter;
    }

    /** SplitMix64: a full-period 64-bit generator with good mixing. */
    long nextRandom() {
      long z = (random += 0x9E37_79B9_7F4A_7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
      return z ^ (z >>> 31);
    }
  }
}
