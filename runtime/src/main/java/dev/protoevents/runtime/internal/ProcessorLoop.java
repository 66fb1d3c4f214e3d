package dev.protoevents.runtime.internal;

import dev.protoevents.runtime.Causation;
import dev.protoevents.runtime.EventDecoder;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.EventMetadata;
import dev.protoevents.runtime.FieldMasks;
import dev.protoevents.runtime.IncomingEvent;
import dev.protoevents.runtime.OutgoingEvent;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.SubscriptionState;
import dev.protoevents.runtime.UnknownEventTypeException;
import dev.protoevents.runtime.envelope.Envelope;
import dev.protoevents.runtime.metrics.internal.Metrics;
import dev.protoevents.runtime.metrics.internal.ProcessorMeters;
import dev.protoevents.runtime.process.EventProcessor;
import dev.protoevents.runtime.process.ProcessorContext;
import dev.protoevents.runtime.process.ProcessorListener;
import dev.protoevents.runtime.process.ProcessorStats;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop behind {@link EventProcessor}: one thread owns a read_committed consumer and a
 * transactional producer. Per poll batch: begin → decode and handle each record (the handler emits
 * through the producer) → send the batch's offsets with the consumer's group metadata → commit.
 *
 * <p>A record whose handler throws aborts the transaction; the batch is run again in a new
 * transaction up to (not including) that record in its partition, which is sought back to it and
 * paused for the backoff ({@link PartitionRetries}), so one failing record holds up neither the
 * records before it nor the other partitions. After the last attempt, or at once for a record that
 * cannot be decoded, the next run writes the record to the dead-letter topic instead, in the
 * transaction that commits past it. Any other failure of a transaction aborts it and seeks the
 * batch's partitions back to its start; a fenced producer ends the processor.
 */
public final class ProcessorLoop<E> implements EventProcessor {

  private static final Logger log = LoggerFactory.getLogger(ProcessorLoop.class);

  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration MIN_CLOSE_GRACE = Duration.ofSeconds(2);
  private static final long FAILURE_PAUSE_MILLIS = 500;
  private static final int COMMIT_ATTEMPTS = 3;
  private static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "10000";

  /** A record that failed in a transaction, and why. */
  private record Failure(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Throwable cause,
      int attempts,
      String reason) {}

  /** The batch must be given up (closing): abort, leave it uncommitted. */
  private static final class Abandon extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandon() {
      super(null, null, false, false);
    }
  }

  private final String topic;
  private final String groupId;
  private final String transactionalId;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final EventDecoder<? extends E> decoder;
  private final ProcessorListener<E> listener;
  private final TopicEnvelopes envelopes;
  private final Envelope reader;
  private final ProtoeventsConfig.RetryPolicy retryPolicy;
  private final DeadLetterWriter deadLetters;
  private final String deadLetterTopic;
  private final Duration closeTimeout;
  private final Thread thread;
  private final ProcessorMeters meters;
  private final List<AutoCloseable> clientMetrics;

  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closeRequested = new CountDownLatch(1);
  private volatile long closeDeadlineNanos;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object stateLock = new Object();
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private boolean assigned; // guarded by stateLock
  private boolean terminated; // guarded by stateLock

  // Processor thread only.
  private final PartitionRetries retries = new PartitionRetries();

  /** Failed attempts of records not committed yet, per partition and offset (several may wait). */
  private final Map<TopicPartition, NavigableMap<Long, Integer>> failedAttempts = new HashMap<>();

  private boolean inTransaction;
  private Context current; // the context of the handler call running now, or null
  private long roundEmitted;
  private long roundProcessed;
  private long roundUnknown;
  private long roundDeadLettered;

  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();

  private ProcessorLoop(
      Map<String, ?> config,
      String groupId,
      String topic,
      EventDecoder<? extends E> decoder,
      ProcessorListener<E> listener) {
    this.topic = requireNotBlank(topic, "topic");
    this.groupId = requireNotBlank(groupId, "groupId");
    this.decoder = decoder;
    this.listener = listener;
    Map<String, Object> kafka = ProtoeventsConfig.kafkaProperties(config);
    this.envelopes = TopicEnvelopes.from(config);
    this.reader = envelopes.reader(topic, decoder.envelope());
    this.retryPolicy = ProtoeventsConfig.retryPolicy(config);
    this.deadLetterTopic = topic + ProtoeventsConfig.deadLetterSuffix(config);
    this.closeTimeout = ProtoeventsConfig.closeTimeout(config);
    Object prefix = kafka.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    this.transactionalId =
        prefix != null && !String.valueOf(prefix).isBlank()
            ? prefix + "-" + topic
            : groupId + "-" + topic + "-" + UUID.randomUUID();
    String clientId =
        String.valueOf(kafka.getOrDefault("client.id", "protoevents-processor-" + groupId));
    this.consumer = new KafkaConsumer<>(consumerProperties(kafka, groupId, clientId));
    try {
      this.producer = new KafkaProducer<>(producerProperties(kafka, transactionalId, clientId));
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    Metrics metrics = Metrics.from(config);
    this.deadLetters = new DeadLetterWriter(kafka, metrics);
    this.meters = metrics.processor(topic, groupId, this::stats);
    this.clientMetrics = List.of(metrics.bindClient(consumer), metrics.bindClient(producer));
    this.thread = new Thread(this::run, "protoevents-processor-" + groupId + "-" + topic);
  }

  /** Creates and starts the processor of {@link EventProcessor#start}. */
  public static <E> EventProcessor start(
      Map<String, ?> config,
      String groupId,
      String topic,
      EventDecoder<? extends E> decoder,
      ProcessorListener<E> listener) {
    ProcessorLoop<E> loop = new ProcessorLoop<>(config, groupId, topic, decoder, listener);
    loop.thread.start();
    return loop;
  }

  private static Map<String, Object> consumerProperties(
      Map<String, Object> kafka, String groupId, String clientId) {
    Map<String, Object> properties = filter(kafka, ConsumerConfig.configNames());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Reading uncommitted events of another processor would break exactly-once along a chain.
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (!"consumer".equalsIgnoreCase(String.valueOf(properties.get("group.protocol")))) {
      properties.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return properties;
  }

  private static Map<String, Object> producerProperties(
      Map<String, Object> kafka, String transactionalId, String clientId) {
    Map<String, Object> properties = filter(kafka, ProducerConfig.configNames());
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.putIfAbsent(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return properties;
  }

  private static Map<String, Object> filter(Map<String, Object> properties, Set<String> known) {
    Map<String, Object> filtered = new HashMap<>();
    properties.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            filtered.put(key, value);
          }
        });
    return filtered;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String groupId() {
    return groupId;
  }

  @Override
  public String transactionalId() {
    return transactionalId;
  }

  @Override
  public SubscriptionState state() {
    return state;
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public ProcessorStats stats() {
    return new ProcessorStats(
        processed.get(),
        emitted.get(),
        retried.get(),
        deadLettered.get(),
        unknown.get(),
        committed.get(),
        aborted.get());
  }

  @Override
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateLock) {
      while (!assigned && !terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(stateLock, remaining);
      }
      return assigned && !terminated;
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  @Override
  public void close() {
    close(closeTimeout);
  }

  @Override
  public void close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (closing.compareAndSet(false, true)) {
      closeDeadlineNanos = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
      closeRequested.countDown();
      consumer.wakeup();
      setState(SubscriptionState.STOPPING);
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!awaitTermination(timeout) && thread.isAlive()) {
        log.warn(
            "processor of group {} on {} did not finish its event within {}; interrupting it (the"
                + " transaction aborts)",
            groupId,
            topic,
            timeout);
        thread.interrupt();
        awaitTermination(MIN_CLOSE_GRACE.multipliedBy(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      // Fences older producers with this transactional.id and aborts what they left open.
      producer.initTransactions();
      consumer.subscribe(List.of(topic), new Rebalance());
      while (!closing.get()) {
        for (TopicPartition partition : retries.takeDue()) {
          if (consumer.assignment().contains(partition)) {
            consumer.resume(List.of(partition));
          }
        }
        updateState();
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(pollTimeout());
          meters.polled(consumer);
        } catch (WakeupException e) {
          continue;
        }
        if (!records.isEmpty()) {
          processBatch(records);
        }
      }
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      fail(
          new IllegalStateException(
              "processor of group "
                  + groupId
                  + " on "
                  + topic
                  + " was fenced: another producer with transactional.id '"
                  + transactionalId
                  + "' started; give every instance its own transactional.id",
              e));
    } catch (InterruptException | Abandon e) {
      if (!closing.get()) {
        fail(e);
      }
    } catch (Throwable t) {
      if (!(closing.get() && (t instanceof WakeupException))) {
        fail(t);
      }
    } finally {
      shutdown();
    }
  }

  private Duration pollTimeout() {
    return retries.millisUntilNextDue().stream()
        .mapToObj(millis -> Duration.ofMillis(Math.min(millis, POLL_TIMEOUT.toMillis())))
        .findFirst()
        .orElse(POLL_TIMEOUT);
  }

  /** Commits the batch in as many transactions as its failing records need. */
  private void processBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new LinkedHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      batch.put(partition, records.records(partition));
    }
    Map<TopicPartition, Long> stopAt = new HashMap<>();
    Map<TopicPartition, Map<Long, Failure>> deadLetter = new HashMap<>();
    while (true) {
      Failure failed;
      try {
        failed = runTransaction(batch, stopAt, deadLetter);
      } catch (Abandon e) {
        abortQuietly();
        return; // closing: nothing of the batch is committed
      } catch (ProducerFencedException
          | InvalidProducerEpochException
          | OutOfOrderSequenceException
          | AuthorizationException
          | AuthenticationException
          | UnsupportedVersionException e) {
        throw e; // the producer cannot go on
      } catch (Error e) {
        abortQuietly();
        throw e;
      } catch (Exception e) {
        if (closing.get()) {
          abortQuietly();
          return;
        }
        log.warn(
            "transaction of processor {} on {} failed; aborting it, the batch is processed again",
            groupId,
            topic,
            e);
        abortQuietly();
        rewind(batch, stopAt);
        closeRequested.await(FAILURE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      if (failed == null) {
        return;
      }
      abortQuietly();
      TopicPartition partition = failed.partition();
      long offset = failed.record().offset();
      if (failed.attempts() == 0 || failed.attempts() >= retryPolicy.maxAttempts()) {
        deadLetter.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, failed);
      } else {
        long backoff = retryPolicy.backoffAfter(failed.attempts());
        log.warn(
            "processor {} failed on {} (attempt {} of {}); its events are discarded, retrying in {}"
                + " ms",
            groupId,
            IncomingRecords.coordinates(failed.record()),
            failed.attempts(),
            retryPolicy.maxAttempts(),
            backoff,
            failed.cause());
        retries.schedule(partition, offset, failed.attempts(), backoff, failed.cause());
        failedAttempts
            .computeIfAbsent(partition, p -> new TreeMap<>())
            .put(offset, failed.attempts());
        retried.incrementAndGet();
        stopAt.put(partition, offset);
        consumer.seek(partition, new OffsetAndMetadata(offset, failed.record().leaderEpoch(), ""));
        consumer.pause(List.of(partition));
      }
    }
  }

  /**
   * One transaction over the batch: each partition up to its stop offset, dead letters where
   * marked. Returns the record whose handler failed (the transaction is then still open, to be
   * aborted), or null once committed.
   */
  private Failure runTransaction(
      Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch,
      Map<TopicPartition, Long> stopAt,
      Map<TopicPartition, Map<Long, Failure>> deadLetter)
      throws Exception {
    roundEmitted = 0;
    roundProcessed = 0;
    roundUnknown = 0;
    roundDeadLettered = 0;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    producer.beginTransaction();
    inTransaction = true;
    for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> entry : batch.entrySet()) {
      TopicPartition partition = entry.getKey();
      Long stop = stopAt.get(partition);
      Map<Long, Failure> dead = deadLetter.getOrDefault(partition, Map.of());
      for (ConsumerRecord<String, byte[]> record : entry.getValue()) {
        if (stop != null && record.offset() >= stop) {
          break;
        }
        if (closing.get()) {
          throw new Abandon();
        }
        Failure letter = dead.get(record.offset());
        if (letter != null) {
          writeDeadLetter(letter);
        } else {
          Failure failed = handle(partition, record);
          if (failed != null) {
            return failed;
          }
        }
        offsets.put(
            partition, new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
      }
    }
    if (!offsets.isEmpty()) {
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    }
    commit();
    committed.incrementAndGet();
    processed.addAndGet(roundProcessed);
    emitted.addAndGet(roundEmitted);
    unknown.addAndGet(roundUnknown);
    deadLettered.addAndGet(roundDeadLettered);
    offsets.forEach(
        (partition, next) -> {
          NavigableMap<Long, Integer> failed = failedAttempts.get(partition);
          if (failed != null) {
            failed.headMap(next.offset()).clear();
          }
          if (!stopAt.containsKey(partition)) {
            retries.done(partition);
          }
        });
    return null;
  }

  private void commit() {
    for (int attempt = 1; ; attempt++) {
      try {
        producer.commitTransaction();
        inTransaction = false;
        return;
      } catch (TimeoutException e) {
        // The commit may be called again after a timeout; it then completes what was begun.
        if (attempt >= COMMIT_ATTEMPTS || closing.get()) {
          throw e;
        }
        log.warn("commit of processor {} on {} timed out; trying again", groupId, topic, e);
      }
    }
  }

  private void writeDeadLetter(Failure dead) throws Exception {
    ProducerRecord<String, byte[]> letter =
        deadLetters.deadLetter(
            dead.record(),
            deadLetterTopic,
            groupId,
            dead.reason(),
            dead.attempts(),
            dead.cause(),
            DEAD_LETTER_TIMEOUT);
    producer.send(letter);
    roundDeadLettered++;
    log.warn(
        "{} (key '{}') is undeliverable ({}, {} attempts); writing it to {} in the transaction that"
            + " commits past it",
        IncomingRecords.coordinates(dead.record()),
        dead.record().key(),
        dead.reason(),
        dead.attempts(),
        deadLetterTopic,
        dead.cause());
  }

  /** Decodes and hands one record to the handler; the failure if it threw. */
  private Failure handle(TopicPartition partition, ConsumerRecord<String, byte[]> record)
      throws InterruptedException {
    NavigableMap<Long, Integer> failed = failedAttempts.get(partition);
    int attempt = (failed == null ? 0 : failed.getOrDefault(record.offset(), 0)) + 1;
    IncomingEvent incoming;
    E event;
    try {
      incoming = IncomingRecords.toIncomingEvent(record, reader, attempt);
    } catch (EventDecodingException | RuntimeException e) {
      return new Failure(partition, record, e, 0, "undecodable");
    }
    Context context = new Context(incoming.metadata());
    current = context;
    try {
      try {
        event = decoder.decode(incoming);
      } catch (UnknownEventTypeException e) {
        listener.onUnknown(incoming, context);
        roundUnknown++;
        return null;
      } catch (EventDecodingException | RuntimeException e) {
        return new Failure(partition, record, e, 0, "undecodable");
      }
      listener.onEvent(event, context);
      roundProcessed++;
      roundEmitted += context.sent;
      return null;
    } catch (InterruptedException e) {
      if (closing.get()) {
        throw new Abandon();
      }
      throw e;
    } catch (Exception e) {
      if (closing.get()) {
        throw new Abandon();
      }
      return new Failure(partition, record, e, attempt, "listener-failed");
    } finally {
      context.open = false;
      current = null;
    }
  }

  /** Seeks every partition of the batch still owned back to its first uncommitted record. */
  private void rewind(
      Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch,
      Map<TopicPartition, Long> stopAt) {
    Set<TopicPartition> owned = consumer.assignment();
    for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> entry : batch.entrySet()) {
      if (owned.contains(entry.getKey()) && !entry.getValue().isEmpty()) {
        ConsumerRecord<String, byte[]> first = entry.getValue().get(0);
        consumer.seek(
            entry.getKey(), new OffsetAndMetadata(first.offset(), first.leaderEpoch(), ""));
      }
    }
    stopAt.clear();
  }

  private void abortQuietly() {
    if (!inTransaction) {
      return;
    }
    inTransaction = false;
    aborted.incrementAndGet();
    try {
      producer.abortTransaction();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw e;
    } catch (KafkaException e) {
      log.warn("abort of processor {} on {} failed", groupId, topic, e);
    }
  }

  private void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
    log.error(
        "processor of group {} on {} stopped; nothing after its last commit is committed",
        groupId,
        topic,
        cause);
  }

  private void shutdown() {
    closing.set(true);
    closeRequested.countDown();
    setState(SubscriptionState.STOPPING);
    Thread.interrupted();
    Duration grace = closeGrace();
    if (inTransaction) {
      inTransaction = false;
      aborted.incrementAndGet();
      try {
        producer.abortTransaction();
      } catch (RuntimeException e) {
        log.debug("abort on close of processor {} on {} failed", groupId, topic, e);
      }
    }
    try {
      meters.close();
      for (AutoCloseable binding : clientMetrics) {
        binding.close();
      }
    } catch (Exception e) {
      log.warn("could not remove the meters of processor {} on {}", groupId, topic, e);
    }
    try {
      producer.close(grace);
    } catch (RuntimeException e) {
      log.warn("could not close the producer of processor {} on {}", groupId, topic, e);
    }
    try {
      consumer.close(CloseOptions.timeout(grace));
    } catch (RuntimeException e) {
      log.warn("could not close the consumer of processor {} on {}", groupId, topic, e);
    }
    deadLetters.close(grace);
    synchronized (stateLock) {
      terminated = true;
      stateLock.notifyAll();
    }
    setState(failure.get() == null ? SubscriptionState.STOPPED : SubscriptionState.FAILED);
  }

  private Duration closeGrace() {
    long remaining = closeDeadlineNanos - System.nanoTime();
    return closeDeadlineNanos == 0 || remaining < MIN_CLOSE_GRACE.toNanos()
        ? MIN_CLOSE_GRACE
        : Duration.ofNanos(remaining);
  }

  private void updateState() {
    boolean isAssigned;
    synchronized (stateLock) {
      isAssigned = assigned;
    }
    if (!isAssigned) {
      setState(SubscriptionState.STARTING);
    } else {
      setState(retries.anyPaused() ? SubscriptionState.PAUSED : SubscriptionState.RUNNING);
    }
  }

  private void setState(SubscriptionState next) {
    synchronized (stateLock) {
      SubscriptionState previous = state;
      if (previous == next
          || previous.isTerminal()
          || (previous == SubscriptionState.STOPPING && !next.isTerminal())) {
        return;
      }
      state = next;
    }
  }

  @Override
  public String toString() {
    return "EventProcessor[" + thread.getName() + ", " + state + "]";
  }

  private static String requireNotBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  /** The context of one handler call: emits in the open transaction with the input's causation. */
  private final class Context implements ProcessorContext {
    private final EventMetadata cause;
    private Causation causation; // derived on first emit
    private boolean open = true;
    private int sent;

    Context(EventMetadata cause) {
      this.cause = cause;
    }

    @Override
    public EventMetadata cause() {
      return cause;
    }

    @Override
    public CompletableFuture<RecordMetadata> emit(OutgoingEvent event) {
      return emit(event, Optional.empty());
    }

    @Override
    public CompletableFuture<RecordMetadata> emit(OutgoingEvent event, Envelope topicEnvelope) {
      return emit(event, Optional.of(Objects.requireNonNull(topicEnvelope, "topicEnvelope")));
    }

    private CompletableFuture<RecordMetadata> emit(
        OutgoingEvent event, Optional<Envelope> declared) {
      Objects.requireNonNull(event, "event");
      if (!open || current != this || Thread.currentThread() != thread) {
        throw new IllegalStateException(
            "emit of "
                + event.eventType()
                + " outside the handler call of "
                + cause.eventType()
                + " at "
                + cause.topic()
                + "-"
                + cause.partition()
                + "@"
                + cause.offset()
                + ": a processor emits only while its handler runs, on its thread");
      }
      if (event.fieldMask().isPresent()) {
        FieldMasks.validate(event.fieldMask().get(), event.payload().getDescriptorForType());
      }
      if (causation == null) {
        causation = Causation.causedBy(cause);
      }
      OutgoingEvent caused = event.withCausation(event.causation().orElse(causation));
      ProducerRecord<String, byte[]> record =
          envelopes.writer(caused.topic(), declared).write(caused);
      CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
      producer.send(
          record,
          (metadata, exception) -> {
            if (exception != null) {
              result.completeExceptionally(exception);
            } else {
              result.complete(metadata);
            }
          });
      sent++;
      return result;
    }
  }

  /** Forgets retries of partitions that leave; marks the processor assigned. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Runs inside poll(), between transactions: nothing is open to abort.
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      retries.forget(partitions);
      partitions.forEach(failedAttempts::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      synchronized (stateLock) {
        assigned = true;
        stateLock.notifyAll();
      }
    }
  }
}
