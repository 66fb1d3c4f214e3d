package dev.protoevents.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns header values that repeat on almost every record (event types) into strings without a new
 * {@code String} per record: the first occurrence of a value is decoded and kept, later ones are
 * recognised by their bytes and answered with the same instance, whose hash code is then cached
 * too, which a {@code switch} on it needs; kept values are interned, so that the {@code switch}
 * matches its constant by identity. Thread-safe: readers see an immutable array; a miss copies it.
 * At most {@value #CAPACITY} values are kept, so a stream of distinct values cannot grow it; beyond
 * that each value is decoded anew.
 */
public final class HeaderStrings {

  private static final int CAPACITY = 64;

  private final Function<byte[], String> decode;
  private volatile Entry[] entries = new Entry[0];

  /** A cache of UTF-8 values. */
  public HeaderStrings() {
    this(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** A cache of values decoded by {@code decode} (called once per distinct value). */
  public HeaderStrings(Function<byte[], String> decode) {
    this.decode = decode;
  }

  /** The decoded string of {@code bytes}. */
  public String get(byte[] bytes) {
    Entry[] current = entries;
    for (Entry entry : current) {
      if (entry.bytes.length == bytes.length && Arrays.equals(entry.bytes, bytes)) {
        return entry.text;
      }
    }
    String text = decode.apply(bytes);
    if (current.length < CAPACITY) {
      // A kept value is interned: a generated decoder's switch then finds its case constant by
      // identity, and the hash code is computed once. Values beyond the capacity are not, so
      // that a stream of distinct values cannot fill the JVM's string table.
      text = text.intern();
      add(new Entry(bytes.clone(), text));
    }
    return text;
  }

  private synchronized void add(Entry entry) {
    Entry[] current = entries;
    for (Entry existing : current) {
      if (Arrays.equals(existing.bytes, entry.bytes)) {
        return; // another thread was first
      }
    }
    if (current.length < CAPACITY) {
      Entry[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = entry;
      entries = grown;
    }
  }

  private record Entry(byte[] bytes, String text) {}
}
