package dev.protoevents.runtime.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.SourceContext;
import com.google.protobuf.Type;
import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Profiling driver, not part of the test suite (the name does not end in Test): publishes events
 * with {@link EventPublisher}, then consumes them with {@link EventSubscriber} and a decoder shaped
 * like the generated ones while JFR samples the subscription's thread, and prints where that
 * thread's time went (self time by method, and time inside a few methods of interest).
 *
 * <pre>
 * ./mvnw -B verify -pl runtime -am -Dtest=ConsumeProfileRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dprofile.events=300000
 * jfr print --events jdk.ExecutionSample runtime/target/consume-profile.jfr
 * </pre>
 */
@EmbeddedKafkaTest
class ConsumeProfileRun {

  private static final List<String> OF_INTEREST =
      List.of(
          "KafkaConsumer.poll",
          "commitSync",
          "toIncomingEvent",
          "Envelope.read",
          "ProfileDecoder.decode",
          "Type.parseFrom",
          "AbstractParser.parseFrom",
          "Instant.parse",
          "UUID.",
          "FieldMasks.fromHeader",
          "lastHeader",
          "String.<init>",
          "EventMetadata.<init>",
          "onEvent");

  /** What a generated event record holds: the message and its metadata. */
  record Received(Type order, EventMetadata metadata) {}

  /** Shaped like a generated decoder: switch on the type, parse, wrap. */
  static final class ProfileDecoder implements EventDecoder<Received> {
    @Override
    public Received decode(dev.protoevents.runtime.IncomingEvent event)
        throws EventDecodingException {
      EventMetadata metadata = event.metadata();
      return switch (metadata.eventType()) {
        case "OrderCreated" -> new Received(event.parse(Type.parser()), metadata);
        default -> throw EventDecodingException.unknownEventType(event);
      };
    }
  }

  @Test
  void profileConsume(EmbeddedKafka kafka) throws Exception {
    int events = Integer.getInteger("profile.events", 300_000);
    String topic = EmbeddedKafka.uniqueName("profile");
    kafka.createTopic(topic, 3);
    Type.Builder order = Type.newBuilder().setName("order-0");
    for (int i = 0; i < 3; i++) {
      order.addOneofs("line-item-" + i + "-sku-0123456789").addOneofs("quantity-" + i);
    }
    order.setSourceContext(SourceContext.newBuilder().setFileName("shop/orders/order.proto"));
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("linger.ms", 5);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      for (int i = 0; i < events; i++) {
        Type payload = order.setName("order-" + i).build();
        publisher.publish(OutgoingEvent.of(topic, payload.getName(), "OrderCreated", payload));
      }
      publisher.flush();
    }
    System.out.println("payload bytes: " + order.build().getSerializedSize());

    AtomicLong received = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    config.put("group.id", EmbeddedKafka.uniqueName("profile"));
    Path file = Path.of("target", "consume-profile.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"));
        EventSubscriber subscriber = EventSubscriber.create(config)) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
      recording.start();
      long start = System.nanoTime();
      Subscription subscription =
          subscriber.subscribe(
              topic,
              new ProfileDecoder(),
              (Received event) -> {
                sink.addAndGet(event.metadata().eventType().length()); // the type only
                received.incrementAndGet();
              });
      Await.until(
          Duration.ofMinutes(5), events + " events consumed", () -> received.get() >= events);
      long nanos = System.nanoTime() - start;
      recording.stop();
      subscription.close();
      recording.dump(file);
      System.out.printf(
          "consumed %d events in %d ms: %.0f events/s%n",
          events, nanos / 1_000_000, events * 1e9 / nanos);
    }
    assertEquals(events, received.get());
    report(file);
  }

  private static void report(Path file) throws Exception {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inside = new HashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<String> methods =
          stack.getFrames().stream().map(ConsumeProfileRun::name).distinct().toList();
      if (methods.stream().noneMatch(m -> m.contains("PollLoop.run"))) {
        continue; // not the subscription's thread
      }
      total++;
      self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
      for (String interest : OF_INTEREST) {
        if (methods.stream().anyMatch(m -> m.contains(interest))) {
          inside.merge(interest, 1, Integer::sum);
        }
      }
    }
    System.out.println("subscription thread samples: " + total);
    int all = Math.max(1, total);
    System.out.println("-- inside (inclusive) --");
    for (String interest : OF_INTEREST) {
      int n = inside.getOrDefault(interest, 0);
      System.out.printf("%5.1f%%  %s%n", 100.0 * n / all, interest);
    }
    System.out.println("-- self, top 25 --");
    self.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(25)
        .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    System.out.println("recording: " + file.toAbsolutePath() + " " + Files.size(file) + " bytes");
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }
}
