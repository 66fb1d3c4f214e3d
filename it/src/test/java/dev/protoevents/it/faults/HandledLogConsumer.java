package dev.protoevents.it.faults;

import com.google.protobuf.Int64Value;
import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A service with one group subscription whose handler writes every event it handles to a {@link
 * HandledLog} (forced to disk) before returning. Run as a process of its own ({@link ChildJvm}) so
 * a test can SIGKILL it; the tests also run it in their own JVM for a clean run to compare with.
 *
 * <p>Arguments: bootstrap servers, topic, group id, handled-log file. It runs until it is killed or
 * its subscription stops, which ends the process with exit code 3.
 */
public final class HandledLogConsumer {

  /** Logged once the group has assigned partitions to the subscription. */
  static final String ASSIGNED = "handled-log consumer assigned";

  /** Payloads are {@code Int64Value}s holding a sequence number. */
  static final EventDecoder<HandledLog.Entry> DECODER =
      incoming -> {
        EventMetadata metadata = incoming.metadata();
        return new HandledLog.Entry(
            metadata.key(),
            incoming.parse(Int64Value.parser()).getValue(),
            metadata.partition(),
            metadata.offset(),
            metadata.eventId());
      };

  private HandledLogConsumer() {}

  /**
   * Consumer settings for a member that may be killed: a short session, so the group gives its
   * partitions to the restarted process after seconds rather than the default 45.
   */
  static Map<String, Object> config(String bootstrapServers, String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3_000);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    return config;
  }

  /** Subscribes a handler that appends each event to {@code log} before it returns. */
  static Subscription subscribe(EventSubscriber subscriber, String topic, HandledLog log) {
    return subscriber.subscribe(topic, DECODER, log::append);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: HandledLogConsumer <bootstrap servers> <topic> <group> <file>");
      System.exit(2);
    }
    HandledLog log = HandledLog.open(Path.of(args[3]));
    EventSubscriber subscriber = EventSubscriber.create(config(args[0], args[2]));
    Subscription subscription = subscribe(subscriber, args[1], log);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  subscriber.close();
                  try {
                    log.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    if (subscription.awaitAssignment(Duration.ofMinutes(5))) {
      System.out.println(ASSIGNED);
    }
    while (subscription.isActive()) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    System.out.println("subscription stopped: " + subscription.failure().orElse(null));
    System.exit(3);
  }
}
