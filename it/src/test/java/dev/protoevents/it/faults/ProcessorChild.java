package dev.protoevents.it.faults;

import com.google.protobuf.Int64Value;
import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A processor service for the kill test: for every input {@code Int64Value n} it emits two events,
 * {@code 2n} and {@code 2n+1}, to the output topic. Run as a process of its own ({@link ChildJvm})
 * so a test can SIGKILL it. Its {@code transactional.id} and {@code group.instance.id} stay the
 * same across restarts, so a restart aborts what the killed process left open and takes over its
 * partitions at once.
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, group id. It runs until it is killed
 * or its processor stops (exit code 3).
 */
public final class ProcessorChild {

  /** Logged once the group has assigned partitions to the processor. */
  static final String ASSIGNED = "processor assigned";

  static final EventDecoder<Long> DECODER =
      incoming -> incoming.parse(Int64Value.parser()).getValue();

  private ProcessorChild() {}

  static ProcessorListener<Long> doubling(String output) {
    return (n, context) -> {
      String key = context.cause().key();
      context.emit(OutgoingEvent.of(output, key, "Doubled", Int64Value.of(2 * n)));
      context.emit(OutgoingEvent.of(output, key, "Doubled", Int64Value.of(2 * n + 1)));
    };
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ProcessorChild <bootstrap servers> <input> <output> <group>");
      System.exit(2);
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, args[3] + "-1");
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, args[3] + "-1");
    EventProcessor processor =
        EventProcessor.start(config, args[3], args[1], DECODER, doubling(args[2]));
    Runtime.getRuntime().addShutdownHook(new Thread(processor::close));
    if (processor.awaitAssignment(Duration.ofMinutes(3))) {
      System.out.println(ASSIGNED);
    }
    while (!processor.state().isTerminal()) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    System.out.println("processor stopped: " + processor.failure().orElse(null));
    System.exit(3);
  }
}
