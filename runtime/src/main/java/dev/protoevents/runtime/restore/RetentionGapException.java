package dev.protoevents.runtime.restore;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A restore cannot continue from a snapshot without losing events: the topic no longer holds the
 * events between the snapshot's offset and the log start (retention deleted them), or the snapshot
 * is ahead of the log (the topic was recreated). The feed fails rather than build wrong state;
 * {@link StateFeed.Builder#allowRetentionGaps()} makes it go on from the log start instead.
 */
public class RetentionGapException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Map<TopicPartition, String> gaps;

  RetentionGapException(String message, Map<TopicPartition, String> gaps) {
    super(message);
    this.gaps = Map.copyOf(gaps);
  }

  /** Per affected partition, what is missing. */
  public Map<TopicPartition, String> gaps() {
    return gaps;
  }
}
