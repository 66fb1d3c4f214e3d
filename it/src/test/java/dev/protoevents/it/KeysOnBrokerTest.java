package dev.protoevents.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.protoevents.it.keys.Counter;
import dev.protoevents.it.keys.CounterEvent;
import dev.protoevents.it.keys.CounterPublisher;
import dev.protoevents.it.keys.CounterTopic;
import dev.protoevents.it.keys.CounterView;
import dev.protoevents.it.keys.Label;
import dev.protoevents.it.keys.LabelEvent;
import dev.protoevents.it.keys.LabelPublisher;
import dev.protoevents.it.keys.LabelTopic;
import dev.protoevents.it.keys.LabelView;
import dev.protoevents.it.keys.Ledger;
import dev.protoevents.it.keys.LedgerEvent;
import dev.protoevents.it.keys.LedgerPublisher;
import dev.protoevents.it.keys.LedgerTopic;
import dev.protoevents.it.keys.LedgerView;
import dev.protoevents.it.keys.Slot;
import dev.protoevents.it.keys.SlotEvent;
import dev.protoevents.it.keys.SlotPublisher;
import dev.protoevents.it.keys.SlotTopic;
import dev.protoevents.it.keys.SlotView;
import dev.protoevents.runtime.EventHeaders;
import dev.protoevents.runtime.EventListener;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resources keyed by int64, uint64 (beyond 2^63), int32 and non-ASCII strings, through the
 * generated API and the broker: the record key is the id as text, Created and Deleted decode back
 * to the id, a view stores and removes by it, and Deleted's record value is a resource message
 * holding only the id that a plain consumer parses. The API is generated from {@code
 * src/test/proto/keys/keys.proto}.
 */
@EmbeddedKafkaTest
class KeysOnBrokerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static EventPublisher publisher;
  private static EventSubscriber subscriber;

  @BeforeAll
  static void clients(EmbeddedKafka kafka) {
    for (String topic :
        List.of(LedgerTopic.NAME, CounterTopic.NAME, SlotTopic.NAME, LabelTopic.NAME)) {
      kafka.createTopic(topic, 1);
    }
    publisher = EventPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    subscriber =
        EventSubscriber.create(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                EmbeddedKafka.uniqueName("keys")));
  }

  @AfterAll
  static void close() {
    subscriber.close();
    publisher.close();
  }

  /** Every record of {@code topic} from the start, read by a plain Kafka consumer. */
  private static List<ConsumerRecord<String, byte[]>> records(
      EmbeddedKafka kafka, String topic, int count) {
    return kafka.readRecords(topic, count, TIMEOUT);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /**
   * Checks the two records on the wire (Created, then Deleted): both keyed by {@code key}, the
   * Deleted value parsed by a plain consumer equals {@code onlyId}.
   */
  private static void assertWire(
      List<ConsumerRecord<String, byte[]>> records,
      String key,
      Message created,
      Message onlyId,
      String resource)
      throws Exception {
    assertEquals(2, records.size(), records::toString);
    ConsumerRecord<String, byte[]> createdRecord = records.get(0);
    ConsumerRecord<String, byte[]> deletedRecord = records.get(1);
    assertEquals(key, createdRecord.key());
    assertEquals(key, deletedRecord.key());
    assertEquals(resource + "Created", header(createdRecord, EventHeaders.EVENT_TYPE));
    assertEquals(resource + "Deleted", header(deletedRecord, EventHeaders.EVENT_TYPE));
    assertEquals(created, created.getParserForType().parseFrom(createdRecord.value()));
    Message deletedValue = onlyId.getParserForType().parseFrom(deletedRecord.value());
    assertEquals(onlyId, deletedValue, "Deleted's value is the resource holding only the id");
  }

  /** Waits until the listener has seen Created and Deleted. */
  private static <E> List<E> awaitTwo(List<E> events) {
    Await.until(TIMEOUT, "Created and Deleted delivered", () -> events.size() >= 2);
    return List.copyOf(events);
  }

  @Test
  void int64KeysGoThroughTheBrokerAndAView(EmbeddedKafka kafka) throws Exception {
    // Given a ledger with a negative 64-bit id
    Ledger ledger = Ledger.newBuilder().setId(-4_000_000_000L).setOwner("ada").build();
    List<LedgerEvent> events = new CopyOnWriteArrayList<>();
    List<Optional<Ledger>> viewAfterCreated = new CopyOnWriteArrayList<>();
    LedgerView view = new LedgerView();
    EventListener<LedgerEvent> listener =
        event -> {
          view.onEvent(event);
          events.add(event);
          if (event instanceof LedgerEvent.Created) {
            viewAfterCreated.add(view.get("-4000000000"));
          }
        };
    try (Subscription subscription =
        subscriber.subscribe(LedgerTopic.NAME, LedgerTopic.DECODER, listener)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partition assigned");
      // When it is created and deleted through the generated publisher
      LedgerPublisher ledgers = new LedgerPublisher(publisher);
      ledgers.created(ledger).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      ledgers.deleted(-4_000_000_000L).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      // Then the records are keyed by the decimal id, and decode back to it
      assertWire(
          records(kafka, LedgerTopic.NAME, 2),
          "-4000000000",
          ledger,
          Ledger.newBuilder().setId(-4_000_000_000L).build(),
          "Ledger");
      List<LedgerEvent> received = awaitTwo(events);
      assertEquals(ledger, ((LedgerEvent.Created) received.get(0)).ledger());
      assertEquals("-4000000000", ((LedgerEvent.Deleted) received.get(1)).id());
      assertEquals(List.of(Optional.of(ledger)), viewAfterCreated);
      assertEquals(Optional.empty(), view.get("-4000000000"));
      assertEquals(0, view.size());
    }
  }

  @Test
  void uint64KeysBeyondTwoToTheSixtyThreeStayUnsigned(EmbeddedKafka kafka) throws Exception {
    // Given a counter whose unsigned id is 2^64 - 1 (-1 as a Java long)
    long id = Long.parseUnsignedLong("18446744073709551615");
    String key = "18446744073709551615";
    Counter counter = Counter.newBuilder().setId(id).setValue(7).build();
    List<CounterEvent> events = new CopyOnWriteArrayList<>();
    List<Optional<Counter>> viewAfterCreated = new CopyOnWriteArrayList<>();
    CounterView view = new CounterView();
    EventListener<CounterEvent> listener =
        event -> {
          view.onEvent(event);
          events.add(event);
          if (event instanceof CounterEvent.Created) {
            viewAfterCreated.add(view.get(key));
          }
        };
    try (Subscription subscription =
        subscriber.subscribe(CounterTopic.NAME, CounterTopic.DECODER, listener)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partition assigned");
      CounterPublisher counters = new CounterPublisher(publisher);
      counters.created(counter).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      counters.deleted(id).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      assertWire(
          records(kafka, CounterTopic.NAME, 2),
          key,
          counter,
          Counter.newBuilder().setId(id).build(),
          "Counter");
      List<CounterEvent> received = awaitTwo(events);
      assertEquals(counter, ((CounterEvent.Created) received.get(0)).counter());
      assertEquals(key, ((CounterEvent.Deleted) received.get(1)).id());
      assertEquals(List.of(Optional.of(counter)), viewAfterCreated);
      assertEquals(Optional.empty(), view.get(key));
    }
  }

  @Test
  void int32KeysGoThroughTheBrokerAndAView(EmbeddedKafka kafka) throws Exception {
    Slot slot = Slot.newBuilder().setId(Integer.MIN_VALUE).setLabel("first").build();
    String key = "-2147483648";
    List<SlotEvent> events = new CopyOnWriteArrayList<>();
    List<Optional<Slot>> viewAfterCreated = new CopyOnWriteArrayList<>();
    SlotView view = new SlotView();
    EventListener<SlotEvent> listener =
        event -> {
          view.onEvent(event);
          events.add(event);
          if (event instanceof SlotEvent.Created) {
            viewAfterCreated.add(view.get(key));
          }
        };
    try (Subscription subscription =
        subscriber.subscribe(SlotTopic.NAME, SlotTopic.DECODER, listener)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partition assigned");
      SlotPublisher slots = new SlotPublisher(publisher);
      slots.created(slot).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      slots.deleted(Integer.MIN_VALUE).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      assertWire(
          records(kafka, SlotTopic.NAME, 2),
          key,
          slot,
          Slot.newBuilder().setId(Integer.MIN_VALUE).build(),
          "Slot");
      List<SlotEvent> received = awaitTwo(events);
      assertEquals(slot, ((SlotEvent.Created) received.get(0)).slot());
      assertEquals(key, ((SlotEvent.Deleted) received.get(1)).id());
      assertEquals(List.of(Optional.of(slot)), viewAfterCreated);
      assertEquals(Optional.empty(), view.get(key));
    }
  }

  @Test
  void nonAsciiStringKeysArriveAsTheSameText(EmbeddedKafka kafka) throws Exception {
    String id = "étiquette-日本-🏷";
    Label label = Label.newBuilder().setId(id).setText("ünïcödé").build();
    List<LabelEvent> events = new CopyOnWriteArrayList<>();
    List<Optional<Label>> viewAfterCreated = new CopyOnWriteArrayList<>();
    LabelView view = new LabelView();
    EventListener<LabelEvent> listener =
        event -> {
          view.onEvent(event);
          events.add(event);
          if (event instanceof LabelEvent.Created) {
            viewAfterCreated.add(view.get(id));
          }
        };
    try (Subscription subscription =
        subscriber.subscribe(LabelTopic.NAME, LabelTopic.DECODER, listener)) {
      assertTrue(subscription.awaitAssignment(TIMEOUT), "no partition assigned");
      LabelPublisher labels = new LabelPublisher(publisher);
      labels.created(label).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      labels.deleted(id).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      List<ConsumerRecord<String, byte[]>> records = records(kafka, LabelTopic.NAME, 2);
      assertWire(records, id, label, Label.newBuilder().setId(id).build(), "Label");
      // the key bytes on the wire are the id's UTF-8 encoding
      try (KafkaConsumer<byte[], byte[]> raw =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG,
                  EmbeddedKafka.uniqueName("raw-bytes"),
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest",
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class,
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class))) {
        raw.subscribe(List.of(LabelTopic.NAME));
        List<byte[]> keys = new ArrayList<>();
        Await.until(
            TIMEOUT,
            "raw label records",
            () -> {
              raw.poll(Duration.ofMillis(100)).forEach(r -> keys.add(r.key()));
              return keys.size() >= 2;
            });
        assertTrue(java.util.Arrays.equals(id.getBytes(StandardCharsets.UTF_8), keys.get(0)));
      }
      List<LabelEvent> received = awaitTwo(events);
      assertEquals(label, ((LabelEvent.Created) received.get(0)).label());
      assertEquals(id, ((LabelEvent.Deleted) received.get(1)).id());
      assertEquals(List.of(Optional.of(label)), viewAfterCreated);
      assertEquals(Optional.empty(), view.get(id));
    }
  }

  @Test
  void anEmptyStringIdIsRejectedBeforeSending() {
    LabelPublisher labels = new LabelPublisher(publisher);
    IllegalArgumentException created =
        assertThrows(
            IllegalArgumentException.class,
            () -> labels.created(Label.newBuilder().setText("no id").build()));
    assertEquals("keys.Label.id must not be empty: it is the record key", created.getMessage());
    IllegalArgumentException deleted =
        assertThrows(IllegalArgumentException.class, () -> labels.deleted(""));
    assertEquals("keys.Label.id must not be empty: it is the record key", deleted.getMessage());
  }
}
