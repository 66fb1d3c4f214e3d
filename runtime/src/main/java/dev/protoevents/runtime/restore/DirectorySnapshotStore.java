package dev.protoevents.runtime.restore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as files in one local directory: {@code snapshot-<sequence>.pes}, each written to a
 * temporary file, forced to disk, then renamed into place, so a reader (or a restart after a crash)
 * never sees half a snapshot. Every file carries a format version and a CRC-32C of its content.
 *
 * <p>File format, version 1 (big-endian): the magic bytes {@code PESN}, the format version (int),
 * the sequence (long), the time taken in epoch milliseconds (long), the number of partitions (int)
 * and for each its topic (modified UTF-8), partition (int) and offset (long), the state's length
 * (int) and bytes, then the CRC-32C (int) of everything before it.
 *
 * <p>Files are written and read as streams: the only copy of the state in memory is the {@code
 * byte[]} of the {@link Snapshot}, so a large state costs one large allocation, not three.
 */
final class DirectorySnapshotStore implements SnapshotStore {

  private static final Logger log = LoggerFactory.getLogger(DirectorySnapshotStore.class);

  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "PESN".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{19})\\.pes");
  private static final String TEMPORARY_SUFFIX = ".pes.tmp";
  private static final int BUFFER = 1 << 16;

  private final Path directory;

  DirectorySnapshotStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      removeTemporaryFiles();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + directory + " as a snapshot directory", e);
    }
  }

  /** Files left by a process that died while writing: never renamed, so never a snapshot. */
  private void removeTemporaryFiles() throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
      for (Path file : files) {
        log.info("removing {}, left by a snapshot write that did not finish", file);
        Files.deleteIfExists(file);
      }
    }
  }

  Path fileOf(long sequence) {
    return directory.resolve(String.format("snapshot-%019d.pes", sequence));
  }

  @Override
  public void save(Snapshot snapshot) throws IOException {
    Objects.requireNonNull(snapshot, "snapshot");
    Path target = fileOf(snapshot.sequence());
    Path temporary =
        directory.resolve(
            "snapshot-" + snapshot.sequence() + "-" + System.nanoTime() + TEMPORARY_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        // not closed on its own: closing it would close the channel before force
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        write(snapshot, out);
        out.flush();
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    forceDirectory();
  }

  /** Makes the rename durable; some file systems cannot open a directory, which is no error. */
  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("cannot force directory {} to disk", directory, e);
    }
  }

  @Override
  public List<Long> sequences() throws IOException {
    List<Long> sequences = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "snapshot-*.pes")) {
      for (Path file : files) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          sequences.add(Long.parseLong(matcher.group(1)));
        }
      }
    }
    sequences.sort(Comparator.reverseOrder());
    return sequences;
  }

  @Override
  public Snapshot load(long sequence) throws IOException {
    Path file = fileOf(sequence);
    Snapshot snapshot;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      snapshot = read(in, Files.size(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new SnapshotCorruptedException("snapshot " + file + " does not exist", e);
    }
    if (snapshot.sequence() != sequence) {
      throw new SnapshotCorruptedException(
          "snapshot " + file + " holds sequence " + snapshot.sequence() + ", not " + sequence);
    }
    return snapshot;
  }

  @Override
  public void delete(long sequence) throws IOException {
    Files.deleteIfExists(fileOf(sequence));
  }

  @Override
  public String toString() {
    return "SnapshotStore[" + directory + "]";
  }

  static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(snapshot.state().length + 256);
    try {
      write(snapshot, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return buffer.toByteArray();
  }

  /** Writes {@code snapshot} in the file format to {@code out}; does not close it. */
  static void write(Snapshot snapshot, OutputStream out) throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
    data.write(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeLong(snapshot.sequence());
    data.writeLong(snapshot.takenAt().toEpochMilli());
    data.writeInt(snapshot.offsets().size());
    for (Map.Entry<TopicPartition, Long> entry : snapshot.offsets().entrySet()) {
      data.writeUTF(entry.getKey().topic());
      data.writeInt(entry.getKey().partition());
      data.writeLong(entry.getValue());
    }
    byte[] state = snapshot.state();
    data.writeInt(state.length);
    for (int written = 0; written < state.length; written += BUFFER) {
      data.write(state, written, Math.min(BUFFER, state.length - written)); // see read
    }
    data.flush();
    int checksum = (int) crc.getValue();
    new DataOutputStream(out).writeInt(checksum);
  }

  static Snapshot decode(byte[] bytes, String source) throws SnapshotCorruptedException {
    try {
      return read(new ByteArrayInputStream(bytes), bytes.length, source);
    } catch (SnapshotCorruptedException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
    }
  }

  /**
   * Reads a snapshot of {@code size} bytes from {@code in}, checking it as it goes; the state is
   * read straight into its own array once the header said (and the size confirmed) how long it is.
   *
   * @throws SnapshotCorruptedException if it is cut short, damaged or in another format
   * @throws IOException if {@code in} fails
   */
  static Snapshot read(InputStream in, long size, String source) throws IOException {
    if (size < MAGIC.length + 8) {
      throw new SnapshotCorruptedException(
          "snapshot " + source + " is cut short: only " + size + " bytes");
    }
    CRC32C crc = new CRC32C();
    Counting counting = new Counting(in);
    DataInputStream data = new DataInputStream(new CheckedInputStream(counting, crc));
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new SnapshotCorruptedException(
            "snapshot " + source + " is not a protoevents snapshot (wrong magic bytes)");
      }
      int version = data.readInt();
      if (version != FORMAT_VERSION) {
        throw new SnapshotCorruptedException(
            "snapshot "
                + source
                + " has format version "
                + version
                + "; this protoevents reads version "
                + FORMAT_VERSION);
      }
      long sequence = data.readLong();
      Instant takenAt = Instant.ofEpochMilli(data.readLong());
      int partitions = data.readInt();
      if (partitions < 0 || partitions > size / 14) {
        throw damaged(source, "lists " + partitions + " partitions");
      }
      Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
      for (int i = 0; i < partitions; i++) {
        offsets.put(new TopicPartition(data.readUTF(), data.readInt()), data.readLong());
      }
      int length = data.readInt();
      long holds = size - counting.count - 4;
      if (length < 0 || length != holds) {
        throw damaged(source, "declares " + length + " bytes of state but holds " + holds);
      }
      byte[] state = new byte[length];
      for (int read = 0; read < length; ) {
        // In pieces: a channel read of the whole state would copy it through a temporary direct
        // buffer as large as the state, allocated afresh by every new feed thread.
        int n = data.read(state, read, Math.min(BUFFER, length - read));
        if (n < 0) {
          throw new EOFException();
        }
        read += n;
      }
      int computed = (int) crc.getValue();
      int stored = data.readInt();
      if (computed != stored || counting.read() != -1) {
        throw new SnapshotCorruptedException(
            "snapshot " + source + " fails its checksum: damaged or cut short");
      }
      return new Snapshot(sequence, takenAt, offsets, state);
    } catch (EOFException | UTFDataFormatException | IllegalArgumentException e) {
      throw new SnapshotCorruptedException("snapshot " + source + " is malformed", e);
    }
  }

  private static SnapshotCorruptedException damaged(String source, String what) {
    return new SnapshotCorruptedException(
        "snapshot " + source + " " + what + ": damaged or cut short");
  }

  /** Counts the bytes read through it. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
