package dev.protoevents.runtime.restore;

import java.io.IOException;

/**
 * A stored snapshot cannot be trusted: it is cut short, its checksum does not match, or it is in a
 * format this version does not read. A {@link StateFeed} skips it in favour of an older snapshot or
 * a full replay.
 */
public class SnapshotCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A damaged snapshot, described by {@code message}. */
  public SnapshotCorruptedException(String message) {
    super(message);
  }

  /** A damaged snapshot, described by {@code message}, found through {@code cause}. */
  public SnapshotCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
