package dev.protoevents.runtime.command;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.protoevents.runtime.ProtoeventsConfig;
import dev.protoevents.runtime.internal.Json;
import dev.protoevents.runtime.restore.RestoreProgress;
import dev.protoevents.runtime.restore.StateFeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Restorecommerce's command interface on the command topic ({@value #TOPIC}), as the
 * Node.js {@code chassis-srv} does, so that a Java service can be driven by the same tools.
 *
 * <p>A request is a record whose value is an {@code io.restorecommerce.commandinterface
 * .CommandRequest}: {@code name}, and a {@code payload} that is a {@code google.protobuf.Any} with
 * type_url {@code payload} and JSON as value (the record key, e.g. {@code restoreCommand}, is not
 * needed; records keyed {@code ...Response} are answers and are skipped). Each answer is a record
 * keyed {@code <name>Response} in lower camel case whose value is a {@code CommandResponse} {@code
 * {services: [service name], payload: Any(type_url "payload", JSON)}}:
 *
 * <ul>
 *   <li>{@code restore} {@code {"data":[{"entity":"user","base_offset":0,"ignore_offset":[]}]}}:
 *       every state feed registered for one of the entities replays its topics from the beginning
 *       ({@link StateFeed#rebuild()}); then one {@code restoreResponse} per topic, {@code
 *       {"topic":"...","offset":n}} with the last offset the state includes. Entities without a
 *       feed are left to other services (no answer), as in the chassis.
 *   <li>{@code reset}: runs the {@link ResetAction}; {@code resetResponse} {@code {"status":"Reset
 *       concluded successfully"}} or {@code {"error":"..."}}.
 *   <li>{@code health_check} (optionally {@code {"service":"name"}}; another service's name is left
 *       to that service): {@code healthCheckResponse} {@code {"status":"SERVING"}} when every feed
 *       is live, else {@code NOT_SERVING}.
 *   <li>{@code version}: {@code versionResponse} {@code {"version":"...","java":"17.0.x"}}.
 * </ul>
 *
 * <p>Other commands ({@code reconfigure}, {@code config_update}, {@code set_api_key}, {@code
 * flush_cache}) are skipped. Every instance answers (the channel reads every partition from the end
 * at start, in no consumer group), since every instance holds its own state.
 *
 * <pre>{@code
 * try (CommandInterface commands = CommandInterface.builder(kafkaConfig, "orders-java")
 *     .version("1.4.0")
 *     .restore("order", orderFeed)
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>One thread owns the consumer; restores complete on the feeds' threads. Thread-safe.
 */
public final class CommandInterface implements AutoCloseable {

  /** Restorecommerce's command topic: {@value}. */
  public static final String TOPIC = "io.restorecommerce.command";

  private static final Logger LOG = LoggerFactory.getLogger(CommandInterface.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final String serviceName;
  private final String topic;
  private final String version;
  private final Map<String, List<StateFeed>> feeds;
  private final Optional<ResetAction> resetAction;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private final AtomicLong handled = new AtomicLong();
  private volatile boolean running = true;

  private CommandInterface(Builder builder) {
    this.serviceName = builder.serviceName;
    this.topic = builder.topic;
    this.version = builder.version;
    this.feeds = Map.copyOf(builder.feeds);
    this.resetAction = Optional.ofNullable(builder.resetAction);
    Map<String, Object> properties = ProtoeventsConfig.kafkaProperties(builder.kafkaConfig);
    createTopicIfMissing(properties);

    Map<String, Object> consumerProperties = new LinkedHashMap<>(properties);
    consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerProperties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProperties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProperties.putIfAbsent(
        ConsumerConfig.CLIENT_ID_CONFIG, "protoevents-commands-" + serviceName);
    this.consumer = new KafkaConsumer<>(consumerProperties);

    Map<String, Object> producerProperties = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : properties.entrySet()) {
      if (ProducerConfig.configNames().contains(entry.getKey())) {
        producerProperties.put(entry.getKey(), entry.getValue());
      }
    }
    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProperties.put(
        ProducerConfig.CLIENT_ID_CONFIG, "protoevents-commands-" + serviceName + "-producer");
    try {
      this.producer = new KafkaProducer<>(producerProperties);
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition partition : partitions) {
        consumer.position(partition); // fixes the start now: commands sent after start() count
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    this.thread = new Thread(this::run, "protoevents-commands-" + serviceName);
    thread.setDaemon(true);
  }

  /**
   * Starts configuring the command channel of the service called {@code serviceName} (the name in
   * every answer's {@code services}). {@code kafkaConfig} holds plain Kafka properties; {@code
   * bootstrap.servers} is required.
   */
  public static Builder builder(Map<String, ?> kafkaConfig, String serviceName) {
    return new Builder(kafkaConfig, serviceName);
  }

  /** The number of commands answered so far. */
  public long commandsHandled() {
    return handled.get();
  }

  /** Stops answering and closes the channel's consumer and producer; waits up to 30 s. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "CommandInterface[" + serviceName + " on " + topic + "]";
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          handle(record);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("command channel of {} stopped", serviceName, e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    String key = record.key() == null ? "" : record.key();
    if (key.endsWith("Response") || record.value() == null) {
      return;
    }
    Request request;
    try {
      request = Request.parse(record.value());
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "skipping record {} of {}-{}@{}: not a CommandRequest ({})",
          key,
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    Map<String, Object> payload;
    try {
      payload = request.payloadJson();
    } catch (IllegalArgumentException e) {
      respond(request.name(), error(400, "invalid JSON payload: " + e.getMessage()));
      return;
    }
    LOG.info("command {} for {}: {}", request.name(), serviceName, payload);
    switch (request.name()) {
      case "restore" -> restore(payload);
      case "reset" -> reset();
      case "health_check" -> healthCheck(payload);
      case "version" -> respond("version", versionPayload());
      default -> {
        LOG.debug("command {} is not supported by {}; skipped", request.name(), serviceName);
        return;
      }
    }
    handled.incrementAndGet();
  }

  private void restore(Map<String, Object> payload) {
    if (!(payload.get("data") instanceof List<?> data) || data.isEmpty()) {
      respond("restore", error(400, "Invalid payload for restore command"));
      return;
    }
    Map<StateFeed, Boolean> toRebuild = new IdentityHashMap<>();
    for (Object element : data) {
      Map<String, Object> entry = Json.asObject(element);
      if (!(entry.get("entity") instanceof String entity)) {
        respond("restore", error(400, "Invalid payload for restore command: entry without entity"));
        return;
      }
      Object baseOffset = entry.get("base_offset");
      if (baseOffset instanceof BigDecimal offset && offset.signum() != 0) {
        LOG.info(
            "restore of {}: base_offset {} ignored, a state feed replays from the beginning",
            entity,
            offset);
      }
      if (entry.get("ignore_offset") instanceof List<?> ignored && !ignored.isEmpty()) {
        LOG.warn(
            "restore of {}: ignore_offset {} is not supported; replaying all", entity, ignored);
      }
      for (StateFeed feed : feeds.getOrDefault(entity, List.of())) {
        toRebuild.put(feed, Boolean.TRUE);
      }
    }
    if (toRebuild.isEmpty()) {
      LOG.info("restore names no entity of {}; left to other services", serviceName);
      return;
    }
    for (StateFeed feed : toRebuild.keySet()) {
      CompletableFuture<RestoreProgress> done = feed.rebuild();
      done.whenComplete(
          (progress, failure) -> {
            if (failure != null) {
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("error", String.valueOf(failure.getMessage()));
              respond("restore", answer);
              return;
            }
            Map<String, Long> lastOffsets = new TreeMap<>();
            for (Map.Entry<TopicPartition, Long> position : feed.positions().entrySet()) {
              lastOffsets.merge(position.getKey().topic(), position.getValue() - 1, Math::max);
            }
            for (Map.Entry<String, Long> last : lastOffsets.entrySet()) {
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("topic", last.getKey());
              answer.put("offset", last.getValue());
              respond("restore", answer);
            }
          });
    }
  }

  private void reset() {
    Map<String, Object> answer = new LinkedHashMap<>();
    if (resetAction.isEmpty()) {
      answer.put("error", "reset is not configured for " + serviceName);
    } else {
      try {
        resetAction.get().reset();
        answer.put("status", "Reset concluded successfully");
      } catch (Exception e) {
        LOG.error("reset of {} failed", serviceName, e);
        answer.put("error", String.valueOf(e.getMessage()));
      }
    }
    respond("reset", answer);
  }

  private void healthCheck(Map<String, Object> payload) {
    Object service = payload.get("service");
    if (service instanceof String name && !name.isEmpty() && !name.equals(serviceName)) {
      return; // another service's
    }
    boolean serving = true;
    for (List<StateFeed> list : feeds.values()) {
      for (StateFeed feed : list) {
        serving &= feed.state() == StateFeed.State.LIVE;
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("status", serving ? "SERVING" : "NOT_SERVING");
    respond("health_check", answer);
  }

  private Map<String, Object> versionPayload() {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("version", version);
    answer.put("java", System.getProperty("java.version"));
    return answer;
  }

  private static Map<String, Object> error(int code, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error", detail);
    return answer;
  }

  private void respond(String command, Map<String, Object> payload) {
    String key = responseName(command);
    byte[] value = encodeResponse(List.of(serviceName), Json.write(payload));
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, failure) -> {
          if (failure != null) {
            LOG.error("could not send {} of {}", key, serviceName, failure);
          }
        });
  }

  /** {@code health_check} → {@code healthCheckResponse}. */
  static String responseName(String command) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : command.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.append("Response").toString();
  }

  /** A {@code CommandResponse}: services = 1 (repeated string), payload = 2 (Any). */
  static byte[] encodeResponse(Collection<String> services, String json) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (String service : services) {
        out.writeString(1, service);
      }
      out.writeMessage(
          2,
          Any.newBuilder().setTypeUrl("payload").setValue(ByteString.copyFromUtf8(json)).build());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code CommandRequest}: name = 1, payload = 2 (Any); subject = 3 is not needed here. */
  record Request(String name, Optional<Any> payload) {
    private static final int NAME_TAG = (1 << 3) | 2; // field 1, length-delimited
    private static final int PAYLOAD_TAG = (2 << 3) | 2; // field 2, length-delimited

    static Request parse(byte[] bytes) throws IOException {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      String name = null;
      Any payload = null;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        if (tag == NAME_TAG) {
          name = in.readStringRequireUtf8();
        } else if (tag == PAYLOAD_TAG) {
          payload = Any.parseFrom(in.readBytes());
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("no command name");
      }
      return new Request(name, Optional.ofNullable(payload));
    }

    Map<String, Object> payloadJson() {
      if (payload.isEmpty() || payload.get().getValue().isEmpty()) {
        return Map.of();
      }
      Object value = Json.parse(payload.get().getValue().toString(StandardCharsets.UTF_8));
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("the payload is not a JSON object");
      }
      return Json.asObject(value);
    }
  }

  private void createTopicIfMissing(Map<String, Object> properties) {
    Map<String, Object> adminProperties = new LinkedHashMap<>();
    Set<String> names = org.apache.kafka.clients.admin.AdminClientConfig.configNames();
    properties.forEach(
        (k, v) -> {
          if (names.contains(k)) {
            adminProperties.put(k, v);
          }
        });
    try (Admin admin = Admin.create(adminProperties)) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        admin
            .createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the command topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the command topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating the command topic " + topic, e);
    }
  }

  /** Configures and starts a {@link CommandInterface}. */
  public static final class Builder {
    private final Map<String, ?> kafkaConfig;
    private final String serviceName;
    private String topic = TOPIC;
    private String version = "unknown";
    private final Map<String, List<StateFeed>> feeds = new LinkedHashMap<>();
    private ResetAction resetAction;

    private Builder(Map<String, ?> kafkaConfig, String serviceName) {
      this.kafkaConfig = Objects.requireNonNull(kafkaConfig, "kafkaConfig");
      this.serviceName = requireNotBlank(serviceName, "serviceName");
    }

    /** The command topic; default {@value CommandInterface#TOPIC}. */
    public Builder topic(String topic) {
      this.topic = requireNotBlank(topic, "topic");
      return this;
    }

    /** The version a {@code version} command answers; default {@code unknown}. */
    public Builder version(String version) {
      this.version = requireNotBlank(version, "version");
      return this;
    }

    /**
     * A {@code restore} naming {@code entity} (Restorecommerce's resource name, e.g. {@code user})
     * rebuilds {@code feed}. An entity may have several feeds and a feed several entities.
     */
    public Builder restore(String entity, StateFeed feed) {
      requireNotBlank(entity, "entity");
      Objects.requireNonNull(feed, "feed");
      feeds.computeIfAbsent(entity, e -> new ArrayList<>()).add(feed);
      return this;
    }

    /** What a {@code reset} command does; without one, {@code reset} answers an error. */
    public Builder onReset(ResetAction action) {
      this.resetAction = Objects.requireNonNull(action, "action");
      return this;
    }

    /**
     * Creates the command topic if it is missing, positions the channel at the topic's end and
     * starts answering.
     *
     * @throws org.apache.kafka.common.KafkaException if the consumer or producer cannot be created
     * @throws IllegalStateException if the command topic cannot be created
     */
    public CommandInterface start() {
      feeds.replaceAll((entity, list) -> List.copyOf(list));
      CommandInterface commands = new CommandInterface(this);
      commands.thread.start();
      return commands;
    }

    private static String requireNotBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      return value;
    }
  }
}
