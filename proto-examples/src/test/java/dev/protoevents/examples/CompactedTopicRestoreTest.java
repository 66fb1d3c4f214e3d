package dev.protoevents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protoevents.examples.shop.catalog.ProductPrice;
import dev.protoevents.examples.shop.catalog.ProductPricePublisher;
import dev.protoevents.examples.shop.catalog.ProductPriceTopic;
import dev.protoevents.examples.shop.catalog.ProductPriceView;
import dev.protoevents.examples.shop.common.Money;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.TopicAdmin;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A full-state-only resource ({@code ProductPrice}, {@code full_state_only: true}) on a topic the
 * broker really compacts: created, replaced and tombstones only, so the compacted log still
 * restores exactly the state computed from everything that was published.
 */
class CompactedTopicRestoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int PRODUCTS = 40;

  @Test
  void compactedTopicRestoresTheStateComputedFromEverythingPublished() throws Exception {
    // A broker of its own whose log cleaner looks for work every 200 ms
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.cleaner.backoff.ms", "200"))) {
      Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());

      // Given the ProductPrice topic as generated (cleanup.policy=compact), with segments that
      // roll and become cleanable quickly
      assertEquals("compact", ProductPriceTopic.SPEC.configs().get("cleanup.policy"));
      try (TopicAdmin admin = TopicAdmin.create(config)) {
        admin.createMissing(
            List.of(
                ProductPriceTopic.SPEC
                    .withConfig("segment.ms", "100")
                    .withConfig("min.cleanable.dirty.ratio", "0.01")
                    .withConfig("delete.retention.ms", "100")));
      }

      // When many versions of a few prices are published, with deletes and re-creations
      Map<String, ProductPrice> expected = new HashMap<>();
      Random random = new Random(42);
      int[] written = {0};
      try (EventPublisher publisher = EventPublisher.create(config);
          KafkaConsumer<String, byte[]> raw = rawConsumer(kafka)) {
        ProductPricePublisher prices = new ProductPricePublisher(publisher);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
          sent.add(publishOne(prices, expected, random));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        written[0] = sent.size();
        // and writes go on, as on a live topic (each one lets the segment before it roll), until
        // the broker has compacted: a raw consumer sees fewer records than were written
        List<ConsumerRecord<String, byte[]>> left = new ArrayList<>();
        Await.until(
            TIMEOUT,
            "the broker compacted " + ProductPriceTopic.NAME,
            () -> {
              publishOne(prices, expected, random).join();
              written[0]++;
              left.clear();
              left.addAll(readAll(raw));
              return left.size() < written[0];
            });
        System.out.printf(
            "compacted: %d records left of %d written, %d prices, %d deleted at the end%n",
            left.size(), written[0], expected.size(), PRODUCTS - expected.size());
        // and the last record left of each product is its price, or a tombstone (no value) if
        // it was deleted
        Map<String, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        left.forEach(record -> last.put(record.key(), record));
        for (int i = 0; i < PRODUCTS; i++) {
          String id = "p-" + i;
          Optional<byte[]> value = Optional.ofNullable(last.get(id)).map(ConsumerRecord::value);
          if (expected.containsKey(id)) {
            assertEquals(expected.get(id), ProductPrice.parseFrom(value.orElseThrow()), id);
          } else {
            assertTrue(value.isEmpty(), id + " is deleted, but its last record has a value");
          }
        }
      }

      // Then a feed restores from the compacted topic exactly the state computed directly from
      // what was published: the latest price of each product, deleted products gone
      ProductPriceView view = new ProductPriceView();
      try (StateFeed feed = ProductPriceTopic.feed(config, view).start()) {
        assertTrue(feed.awaitCaughtUp(TIMEOUT), "feed did not catch up");
        assertEquals(expected, view.snapshot());
        assertTrue(
            feed.eventsApplied() < written[0],
            "the feed read " + feed.eventsApplied() + " events of " + written[0] + " written");
      }
    }
  }

  /** Creates, replaces or deletes one random product's price and records it in {@code state}. */
  private static CompletableFuture<?> publishOne(
      ProductPricePublisher prices, Map<String, ProductPrice> state, Random random) {
    String id = "p-" + random.nextInt(PRODUCTS);
    if (state.containsKey(id) && random.nextInt(5) == 0) {
      state.remove(id);
      return prices.deleted(id);
    }
    ProductPrice price =
        ProductPrice.newBuilder()
            .setProductId(id)
            .setPrice(
                Money.newBuilder()
                    .setCurrencyCode("EUR")
                    .setUnits(random.nextInt(1_000))
                    .setNanos(random.nextInt(100) * 10_000_000))
            .build();
    boolean known = state.put(id, price) != null;
    return known ? prices.replaced(price) : prices.created(price);
  }

  private static KafkaConsumer<String, byte[]> rawConsumer(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
  }

  /** The records the topic holds now: every partition read from its start to its end. */
  private static List<ConsumerRecord<String, byte[]>> readAll(
      KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(ProductPriceTopic.NAME)) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}
