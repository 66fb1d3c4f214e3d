package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Variant;
import dev.protoevents.examples.shop.orders.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Spring Kafka as the peer a Java team would pick: {@code KafkaTemplate} to publish the same
 * records (same key, value and headers), and a batch listener in a {@code
 * ConcurrentMessageListenerContainer} (concurrency 1, what {@code @KafkaListener} creates) with
 * {@code AckMode.BATCH} to consume, parsing, reading the type and dispatching like the
 * auto-committing raw consumer. Compiled only in the {@code bench} profile; see {@link Peer}.
 */
final class SpringKafkaPeer implements Peer {
  private final Bench bench;
  private final List<DefaultKafkaProducerFactory<String, byte[]>> producers = new ArrayList<>();

  SpringKafkaPeer(Bench bench) {
    this.bench = bench;
    quietInfoLogs();
  }

  /**
   * Spring's containers log every start, assignment and stop at INFO, through commons-logging to
   * the in-process broker's Log4j 2; keep warnings and errors only, if Log4j 2 is the backend.
   */
  private static void quietInfoLogs() {
    try {
      Class<?> level = Class.forName("org.apache.logging.log4j.Level");
      Class.forName("org.apache.logging.log4j.core.config.Configurator")
          .getMethod("setLevel", String.class, level)
          .invoke(null, "org.springframework", level.getField("WARN").get(null));
    } catch (ReflectiveOperationException e) {
      // another logging backend: its own configuration decides
    }
  }

  @Override
  public Variant publisher(String topic) {
    DefaultKafkaProducerFactory<String, byte[]> factory =
        new DefaultKafkaProducerFactory<>(bench.producerConfig());
    producers.add(factory);
    KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
    return new Variant("Spring KafkaTemplate, same headers", () -> publish(template, topic));
  }

  private long publish(KafkaTemplate<String, byte[]> template, String topic) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < bench.events; i++) {
      Order order = bench.order(i);
      bench.sent(
          i,
          template.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  order.getId(),
                  order.toByteArray(),
                  Orders.headers(Orders.CREATED, order))));
    }
    template.flush();
    long nanos = System.nanoTime() - start;
    bench.checkAcknowledged();
    return nanos;
  }

  @Override
  public Variant consumer(String topic) {
    return new Variant("Spring batch listener, AckMode.BATCH", () -> consume(topic));
  }

  private long consume(String topic) throws Exception {
    Map<String, Object> config = bench.consumerConfig("bench-spring", false);
    CountDownLatch done = new CountDownLatch(bench.events);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] local = new long[1]; // written on the container's thread only; read after the latch
    BatchMessageListener<String, byte[]> listener =
        records -> {
          for (ConsumerRecord<String, byte[]> record : records) {
            try {
              local[0] += Orders.handleLean(record);
            } catch (Exception e) {
              failure.compareAndSet(null, e);
              throw new IllegalStateException(e);
            }
            done.countDown();
          }
        };
    ContainerProperties properties = new ContainerProperties(topic);
    properties.setAckMode(ContainerProperties.AckMode.BATCH);
    properties.setMessageListener(listener);

    long start = System.nanoTime();
    ConcurrentMessageListenerContainer<String, byte[]> container =
        new ConcurrentMessageListenerContainer<>(
            new DefaultKafkaConsumerFactory<>(config), properties);
    container.setConcurrency(1);
    container.setBeanName("bench-spring");
    container.start();
    try {
      boolean complete = done.await(Bench.RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long end = System.nanoTime();
      if (!complete) {
        throw new IllegalStateException(
            "Spring listener received "
                + (bench.events - done.getCount())
                + " of "
                + bench.events
                + " events within "
                + Bench.RUN_TIMEOUT
                + "; failure: "
                + failure.get());
      }
      Bench.sink(local[0]);
      return end - start;
    } finally {
      container.stop();
    }
  }

  @Override
  public void close() {
    producers.forEach(DefaultKafkaProducerFactory::destroy);
  }
}
