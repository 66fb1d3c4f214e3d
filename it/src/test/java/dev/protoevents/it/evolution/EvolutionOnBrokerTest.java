package dev.protoevents.it.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import dev.protoevents.it.evolution.v1.ParcelEvent;
import dev.protoevents.it.evolution.v1.ParcelHandler;
import dev.protoevents.it.evolution.v1.ParcelView;
import dev.protoevents.it.evolution.v2.Parcel;
import dev.protoevents.it.evolution.v2.ParcelLost;
import dev.protoevents.it.evolution.v2.ParcelPublisher;
import dev.protoevents.it.evolution.v2.ParcelShipped;
import dev.protoevents.it.evolution.v2.ParcelTopic;
import dev.protoevents.runtime.EventPublisher;
import dev.protoevents.runtime.EventSubscriber;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.Subscription;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.SubscriptionStats;
import dev.protoevents.runtime.TopicAdmin;
import dev.protoevents.runtime.restore.StateFeed;
import dev.protoevents.testkit.Await;
import dev.protoevents.testkit.EmbeddedKafka;
import dev.protoevents.testkit.EmbeddedKafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Producers upgrade first: a producer with the newer Parcel (a new field, a new domain event)
 * publishes through its generated publisher; an older consumer's generated handler and view, built
 * from the first version of the same .proto, go on, skipping or ignoring only what they cannot
 * know, and count it.
 */
@EmbeddedKafkaTest
class EvolutionOnBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void olderConsumerAndViewGoOnAndCountWhatTheyCannotKnow(EmbeddedKafka kafka) throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (TopicAdmin admin = TopicAdmin.create(config)) {
      admin.createMissing(List.of(ParcelTopic.SPEC));
    }
    // Given the newer producer's events: a new field in a patch mask, and a new domain event
    try (EventPublisher publisher = EventPublisher.create(config)) {
      ParcelPublisher parcels = new ParcelPublisher(publisher);
      Parcel parcel =
          Parcel.newBuilder().setId("p-1").setStatus("packed").setWeightGrams(900).build();
      List<CompletableFuture<?>> sent = new ArrayList<>();
      sent.add(parcels.created(parcel));
      sent.add(
          parcels.patched(
              parcel.toBuilder().setStatus("weighed").setWeightGrams(950).build(),
              FieldMask.newBuilder().addPaths("status").addPaths("weight_grams").build()));
      sent.add(parcels.lost(ParcelLost.newBuilder().setParcelId("p-1").build()));
      sent.add(parcels.shipped(ParcelShipped.newBuilder().setParcelId("p-1").build()));
      sent.add(parcels.lost(ParcelLost.newBuilder().setParcelId("p-1").build()));
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    // When an older service subscribes with its generated handler, and keeps its generated view
    List<String> handled = new CopyOnWriteArrayList<>();
    List<String> unknown = new CopyOnWriteArrayList<>();
    ParcelHandler olderHandler =
        new ParcelHandler() {
          @Override
          public void onCreated(ParcelEvent.Created event) {
            handled.add("created " + event.parcel().getStatus());
          }

          @Override
          public void onReplaced(ParcelEvent.Replaced event) {
            handled.add("replaced");
          }

          @Override
          public void onPatched(ParcelEvent.Patched event) {
            handled.add("patched " + event.fieldMask().getPathsList());
          }

          @Override
          public void onDeleted(ParcelEvent.Deleted event) {
            handled.add("deleted");
          }

          @Override
          public void onShipped(ParcelEvent.Shipped event) {
            handled.add("shipped");
          }

          @Override
          public void onUnknown(IncomingEvent event) {
            unknown.add(event.metadata().eventType());
          }
        };
    ParcelView olderView = new ParcelView();
    try (EventSubscriber subscriber =
            EventSubscriber.create(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "older"));
        StateFeed feed =
            StateFeed.builder(config)
                .topic(
                    ParcelTopic.NAME,
                    dev.protoevents.it.evolution.v1.ParcelTopic.DECODER,
                    olderView)
                .start()) {
      Subscription subscription =
          subscriber.subscribe(
              ParcelTopic.NAME, dev.protoevents.it.evolution.v1.ParcelTopic.DECODER, olderHandler);
      Await.until(
          TIMEOUT, "older handler saw all 5 events", () -> handled.size() + unknown.size() == 5);
      assertTrue(feed.awaitCaughtUp(TIMEOUT));

      // Then the handler got every event it knows, and the unknown ones through onUnknown
      assertEquals(List.of("created packed", "patched [status, weight_grams]", "shipped"), handled);
      assertEquals(List.of("ParcelLost", "ParcelLost"), unknown);
      SubscriptionStats stats = subscription.stats();
      assertEquals(2, stats.unknown());
      assertEquals(Map.of("ParcelLost", 2L), stats.unknownByType());
      assertEquals(0, stats.deadLettered());
      assertEquals(SubscriptionState.RUNNING, subscription.state());
      try (Admin admin = Admin.create(config)) {
        assertFalse(
            admin
                .listTopics()
                .names()
                .get(30, TimeUnit.SECONDS)
                .contains(ParcelTopic.NAME + ".dlq"),
            "no dead letters for events that are merely new");
      }

      // And the view applied the path it knows, ignored the new one, and counted both kinds
      assertEquals("weighed", olderView.get("p-1").orElseThrow().getStatus());
      assertEquals(Map.of("weight_grams", 1L), olderView.ignoredMaskPaths());
      assertEquals(Map.of("ParcelLost", 2L), feed.unknownEvents());
      assertEquals(StateFeed.State.LIVE, feed.state());
      System.out.printf(
          "older consumer: handled %s, unknown %s; older view: ignored paths %s, unknown %s%n",
          handled, stats.unknownByType(), olderView.ignoredMaskPaths(), feed.unknownEvents());
    }
  }
}
