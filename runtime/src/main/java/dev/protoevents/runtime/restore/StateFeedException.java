package dev.protoevents.runtime.restore;

/**
 * A {@link StateFeed} stopped because it cannot build its state correctly past a record: the record
 * cannot be read at all, or the handler kept failing on it. The message names the record.
 */
public class StateFeedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The feed stopped as {@code message} says, because of {@code cause}. */
  public StateFeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
