package dev.protoevents.runtime.restore;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
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
 */
final class DirectorySnapshotStore implements SnapshotStore {

  private static final Logger log = LoggerFactory.getLogger(DirectorySnapshotStore.class);

  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "PESN".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{19})\\.pes");
  private static final String TEMPORARY_SUFFIX = ".pes.tmp";

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
    byte[] bytes = encode(snapshot);
    Path target = fileOf(snapshot.sequence());
    Path temporary =
        directory.resolve(
            "snapshot-" + snapshot.sequence() + "-" + System.nanoTime() + TEMPORARY_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
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
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SnapshotCorruptedException("snapshot " + file + " does not exist", e);
    }
    Snapshot snapshot = decode(bytes, file.toString());
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
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeLong(snapshot.sequence());
      out.writeLong(snapshot.takenAt().toEpochMilli());
      out.writeInt(snapshot.offsets().size());
      for (Map.Entry<TopicPartition, Long> entry : snapshot.offsets().entrySet()) {
        out.writeUTF(entry.getKey().topic());
        out.writeInt(entry.getKey().partition());
        out.writeLong(entry.getValue());
      }
      out.writeInt(snapshot.state().length);
      out.write(snapshot.state());
      CRC32C crc = new CRC32C();
      crc.update(buffer.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return buffer.toByteArray();
  }

  static Snapshot decode(byte[] bytes, String source) throws SnapshotCorruptedException {
    if (bytes.length < MAGIC.length + 8) {
      throw new SnapshotCorruptedException(
          "snapshot " + source + " is cut short: only " + bytes.length + " bytes");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new SnapshotCorruptedException(
            "snapshot " + source + " is not a protoevents snapshot (wrong magic bytes)");
      }
    }
    int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
    if (version != FORMAT_VERSION) {
      throw new SnapshotCorruptedException(
          "snapshot "
              + source
              + " has format version "
              + version
              + "; this protoevents reads version "
              + FORMAT_VERSION);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new SnapshotCorruptedException(
          "snapshot " + source + " fails its checksum: damaged or cut short");
    }
    try (DataInputStream in =
        new DataInputStream(
            new java.io.ByteArrayInputStream(bytes, MAGIC.length + 4, bytes.length - 8 - 4))) {
      long sequence = in.readLong();
      Instant takenAt = Instant.ofEpochMilli(in.readLong());
      int partitions = in.readInt();
      if (partitions < 0) {
        throw new SnapshotCorruptedException(
            "snapshot " + source + " lists " + partitions + " partitions");
      }
      Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
      for (int i = 0; i < partitions; i++) {
        offsets.put(new TopicPartition(in.readUTF(), in.readInt()), in.readLong());
      }
      int length = in.readInt();
      if (length < 0 || length != in.available()) {
        throw new SnapshotCorruptedException(
            "snapshot "
                + source
                + " declares "
                + length
                + " bytes of state but holds "
                + in.available());
      }
      byte[] state = in.readNBytes(length);
      return new Snapshot(sequence, takenAt, offsets, state);
    } catch (EOFException | IllegalArgumentException e) {
      throw new SnapshotCorruptedException("snapshot " + source + " is malformed", e);
    } catch (IOException e) {
      throw new SnapshotCorruptedException("snapshot " + source + " cannot be parsed", e);
    }
  }
}
