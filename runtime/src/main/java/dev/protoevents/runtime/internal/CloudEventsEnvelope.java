package dev.protoevents.runtime.internal;

import com.google.protobuf.FieldMask;
import dev.protoevents.runtime.Causation;
import dev.protoevents.runtime.EventDecodingException;
import dev.protoevents.runtime.FieldMasks;
import dev.protoevents.runtime.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudEvents 1.0 Kafka protocol binding in binary content mode: key = resource id, value =
 * protobuf, attributes in {@code ce_*} headers, {@code content-type: application/protobuf}.
 *
 * <p>Written: {@code ce_specversion} 1.0, {@code ce_id} (a UUIDv7 or the caller's id), {@code
 * ce_source}, {@code ce_type} = the payload's protobuf package and the event type ({@code
 * shop.orders.OrderCreated}), {@code ce_time} (RFC 3339), {@code ce_subject} = the resource id, on
 * patches the extension {@code ce_fieldmask}; when set, the extensions {@code ce_causationid} and
 * {@code ce_correlationid} and the W3C headers {@code traceparent} and {@code tracestate}; the
 * record timestamp is the event time as well. Read: the event type is what follows the last dot of
 * {@code ce_type}, so events of other producers with reverse-DNS types ({@code
 * com.example.OrderCreated}) decode as well.
 */
public final class CloudEventsEnvelope extends RecordEnvelope {

  /** {@code ce_specversion}. */
  public static final String SPECVERSION = "ce_specversion";

  /** {@code ce_id}. */
  public static final String ID = "ce_id";

  /** {@code ce_source}. */
  public static final String SOURCE = "ce_source";

  /** {@code ce_type}. */
  public static final String TYPE = "ce_type";

  /** {@code ce_time}. */
  public static final String TIME = "ce_time";

  /** {@code ce_subject}. */
  public static final String SUBJECT = "ce_subject";

  /** {@code ce_fieldmask}: extension attribute carrying a patch's field mask. */
  public static final String FIELD_MASK = "ce_fieldmask";

  /**
   * {@code ce_causationid}: extension attribute carrying the id of the event that caused this one
   * (no CloudEvents extension defines one; named in the spec's style).
   */
  public static final String CAUSATION_ID = "ce_causationid";

  /** {@code ce_correlationid}: extension attribute carrying the correlation id of the chain. */
  public static final String CORRELATION_ID = "ce_correlationid";

  /**
   * {@code ce_traceparent}: the Distributed Tracing extension's attribute; read when there is no
   * plain W3C {@code traceparent} header (written: the plain header).
   */
  public static final String CE_TRACEPARENT = "ce_traceparent";

  /** {@code ce_tracestate}: the Distributed Tracing extension's attribute; read like it. */
  public static final String CE_TRACESTATE = "ce_tracestate";

  /** {@code content-type}: the binding's header for {@code datacontenttype}. */
  public static final String CONTENT_TYPE = "content-type";

  /** The content type of protobuf payloads. */
  public static final String PROTOBUF = "application/protobuf";

  private static final Logger log = LoggerFactory.getLogger(CloudEventsEnvelope.class);
  private static final byte[] SPECVERSION_1_0 = utf8("1.0");
  private static final byte[] PROTOBUF_BYTES = utf8(PROTOBUF);

  private final String source; // null: "/" + topic
  private final byte[] sourceBytes;
  private final Map<String, byte[]> topicSources = new ConcurrentHashMap<>();
  private final HeaderStrings eventTypes =
      new HeaderStrings(
          bytes -> {
            String type = new String(bytes, StandardCharsets.UTF_8);
            return type.substring(type.lastIndexOf('.') + 1);
          });

  /** An envelope with {@code ce_source} = {@code source}, or {@code /<topic>} if null. */
  public CloudEventsEnvelope(String source) {
    this.source = source;
    this.sourceBytes = source == null ? null : utf8(source);
  }

  @Override
  public String name() {
    return CLOUDEVENTS;
  }

  @Override
  ProducerRecord<String, byte[]> write(
      OutgoingEvent event, Optional<String> eventId, Optional<Instant> occurredAt) {
    long millis = millis(occurredAt);
    String id = eventId.isPresent() ? eventId.get() : EventIds.toString(EventIds.next(millis));
    Instant time = occurredAt.isPresent() ? occurredAt.get() : Instant.ofEpochMilli(millis);
    String protoPackage = event.payload().getDescriptorForType().getFile().getPackage();
    String type =
        protoPackage.isEmpty() ? event.eventType() : protoPackage + "." + event.eventType();
    byte[] sourceValue =
        sourceBytes != null
            ? sourceBytes
            : topicSources.computeIfAbsent(event.topic(), topic -> utf8("/" + topic));
    RecordHeaders headers = new RecordHeaders();
    headers.add(SPECVERSION, SPECVERSION_1_0);
    headers.add(ID, utf8(id));
    headers.add(SOURCE, sourceValue);
    headers.add(TYPE, utf8(type));
    headers.add(TIME, utf8(DateTimeFormatter.ISO_INSTANT.format(time)));
    headers.add(SUBJECT, utf8(event.key()));
    headers.add(CONTENT_TYPE, PROTOBUF_BYTES);
    if (event.fieldMask().isPresent()) {
      headers.add(FIELD_MASK, utf8(FieldMasks.toHeader(event.fieldMask().get())));
    }
    Causation causation = event.causation();
    if (!causation.isEmpty()) {
      causation.causationId().ifPresent(v -> headers.add(CAUSATION_ID, utf8(v)));
      causation.correlationId().ifPresent(v -> headers.add(CORRELATION_ID, utf8(v)));
      addTraceContext(causation, headers);
    }
    return new ProducerRecord<>(event.topic(), null, millis, event.key(), value(event), headers);
  }

  @Override
  public Causation causation(ConsumerRecord<String, byte[]> record) {
    Causation trace = super.causation(record);
    return new Causation(
        optionalText(record, CAUSATION_ID),
        optionalText(record, CORRELATION_ID),
        trace.traceparent().or(() -> optionalText(record, CE_TRACEPARENT)),
        trace.tracestate().or(() -> optionalText(record, CE_TRACESTATE)));
  }

  @Override
  public boolean recognizes(ConsumerRecord<String, byte[]> record) {
    return record.headers().lastHeader(SPECVERSION) != null;
  }

  @Override
  public String eventType(ConsumerRecord<String, byte[]> record) throws EventDecodingException {
    String version = textHeader(record, SPECVERSION);
    if (version == null) {
      throw missing(record, SPECVERSION + " header: it is no CloudEvents binary-mode record");
    }
    if (!version.equals("1.0")) {
      throw new EventDecodingException(
          "record at "
              + IncomingRecords.coordinates(record)
              + " has CloudEvents "
              + SPECVERSION
              + " '"
              + version
              + "'; protoevents reads 1.0");
    }
    String contentType = textHeader(record, CONTENT_TYPE);
    if (contentType != null && !isProtobuf(contentType)) {
      throw new EventDecodingException(
          "record at "
              + IncomingRecords.coordinates(record)
              + " has "
              + CONTENT_TYPE
              + " '"
              + contentType
              + "'; protoevents reads "
              + PROTOBUF
              + " (CloudEvents binary mode)");
    }
    byte[] type = header(record, TYPE);
    if (type == null) {
      throw missing(record, TYPE + " header");
    }
    return eventTypes.get(type);
  }

  private static boolean isProtobuf(String contentType) {
    int parameters = contentType.indexOf(';');
    String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
    return mediaType.equalsIgnoreCase(PROTOBUF)
        || mediaType.equalsIgnoreCase("application/x-protobuf");
  }

  @Override
  public String key(ConsumerRecord<String, byte[]> record) {
    if (record.key() != null) {
      return record.key();
    }
    String subject = textHeader(record, SUBJECT);
    return subject == null ? "" : subject;
  }

  @Override
  public String eventId(ConsumerRecord<String, byte[]> record) {
    String id = textHeader(record, ID);
    return id == null ? "" : id;
  }

  @Override
  public Instant occurredAt(ConsumerRecord<String, byte[]> record) {
    String time = textHeader(record, TIME);
    if (time == null) {
      return recordTime(record);
    }
    try {
      return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      // A bad time stamp is no reason to hold up the stream; the record's time is close enough.
      log.warn(
          "record at {} has an invalid {} header '{}'; using the record timestamp",
          IncomingRecords.coordinates(record),
          TIME,
          time);
      return recordTime(record);
    }
  }

  @Override
  public Optional<FieldMask> fieldMask(ConsumerRecord<String, byte[]> record) {
    String mask = textHeader(record, FIELD_MASK);
    return mask == null ? Optional.empty() : Optional.of(FieldMasks.fromHeader(mask));
  }

  @Override
  public String toString() {
    return CLOUDEVENTS + "[source=" + (source == null ? "/<topic>" : source) + "]";
  }
}
