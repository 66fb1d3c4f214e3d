package dev.protoevents.it.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A handler's durable record of what it has handled: one fixed-width line per handled event (key,
 * sequence number, partition, offset, event id), each written and forced to disk before the handler
 * returns. Fixed width lets a test count lines by file size while a consumer process writes them,
 * and lets the writer drop a line cut short by a crash.
 *
 * <pre>{@code
 * try (HandledLog log = HandledLog.open(file)) {
 *   log.append(new HandledLog.Entry("k-001", 42, 0, 17, eventId));
 * }
 * }</pre>
 */
final class HandledLog implements AutoCloseable {

  /** Length of one line in bytes, the newline included. */
  static final int LINE = 69;

  private static final String FORMAT = "%-8s %08d %02d %010d %-36s\n";

  private final FileChannel channel;
  private final boolean force;

  private HandledLog(FileChannel channel, boolean force) {
    this.channel = channel;
    this.force = force;
  }

  /**
   * Opens {@code file} for appending. A last line that a killed process left unfinished is cut off:
   * its handler never returned, so the event does not count as handled. Every line is forced to
   * disk before {@link #append} returns.
   */
  static HandledLog open(Path file) throws IOException {
    return open(file, true);
  }

  /**
   * Like {@link #open(Path)}; with {@code force} false, lines are only written, not forced to disk:
   * for a run that is never killed, where durability changes nothing but the time it takes.
   */
  static HandledLog open(Path file, boolean force) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    long size = channel.size();
    channel.truncate(size - size % LINE);
    channel.position(channel.size());
    return new HandledLog(channel, force);
  }

  /** Appends one line and, unless opened otherwise, forces it to disk. */
  synchronized void append(Entry entry) throws IOException {
    String line =
        String.format(
            Locale.ROOT,
            FORMAT,
            entry.key(),
            entry.seq(),
            entry.partition(),
            entry.offset(),
            entry.eventId());
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length != LINE) {
      throw new IllegalArgumentException("entry does not fit in one line: " + entry);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    if (force) {
      channel.force(false);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** How many complete lines {@code file} holds now (0 if it does not exist). */
  static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) / LINE : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every complete line of {@code file}, in the order written. */
  static List<Entry> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Entry> entries = new ArrayList<>(bytes.length / LINE);
    for (int start = 0; start + LINE <= bytes.length; start += LINE) {
      String[] fields =
          new String(bytes, start, LINE - 1, StandardCharsets.US_ASCII).trim().split(" +");
      entries.add(
          new Entry(
              fields[0],
              Long.parseLong(fields[1]),
              Integer.parseInt(fields[2]),
              Long.parseLong(fields[3]),
              fields[4]));
    }
    return entries;
  }

  /** The handler's state after handling {@code entries} in order: key to last sequence number. */
  static Map<String, Long> state(List<Entry> entries) {
    Map<String, Long> state = new HashMap<>();
    for (Entry entry : entries) {
      state.put(entry.key(), entry.seq());
    }
    return state;
  }

  /**
   * One handled event.
   *
   * @param key the record key (resource id)
   * @param seq the sequence number in the payload
   * @param partition where the record was read from
   * @param offset the record's offset
   * @param eventId the event id header
   */
  record Entry(String key, long seq, int partition, long offset, String eventId) {}
}
