package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.SubscriptionStateListener;
import dev.protoevents.runtime.UndeliverableRecordHandler;
import dev.protoevents.runtime.envelope.Envelope;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a subscription is told when it is made.
 *
 * @param topic the subscribed topic
 * @param groupId the consumer group
 * @param threadName the name of the subscription's poll thread
 * @param retryPolicy attempts and backoff of a failing listener
 * @param policy what happens to a record given up on
 * @param handler the user's handler of such records, for {@link UndeliverablePolicy#HANDLER}
 * @param deadLetters the writer of dead letters
 * @param deadLetterTopic where dead letters go
 * @param stateListener told about every state change
 * @param closeTimeout how long {@code close()} waits by default
 * @param commitInterval the least time between two asynchronous commits
 * @param heartbeatInterval the consumer's {@code heartbeat.interval.ms}
 * @param envelope how the topic's records carry their events
 */
public record SubscriptionSettings(
    String topic,
    String groupId,
    String threadName,
    ProtoeventsConfig.RetryPolicy retryPolicy,
    UndeliverablePolicy policy,
    Optional<UndeliverableRecordHandler> handler,
    DeadLetterWriter deadLetters,
    String deadLetterTopic,
    Optional<SubscriptionStateListener> stateListener,
    Duration closeTimeout,
    Duration commitInterval,
    Duration heartbeatInterval,
    Envelope envelope) {}
