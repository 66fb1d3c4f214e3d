package dev.protoevents.runtime;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.protoevents.runtime.restore.SnapshotState;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory view of one resource: id to latest state, built by applying the four resource
 * events. Generated views ({@code OrderView}) extend it and route typed events here. Thread-safe
 * for one writer and any number of readers.
 *
 * <p>Each id maps to a holder of its latest state: replacing the state of a known id (the common
 * case while a feed replays history) is a lock-free read of the map and a release store into the
 * holder, not a locked map update with its memory fences.
 *
 * <p>A state loaded from a snapshot stays in its encoded form until it is first read (as Kafka
 * Streams' state stores hold bytes): loading checks the framing and every message's top-level
 * fields and reads the key, and the first {@link #get}, {@link #snapshot()} or patch parses the
 * message and keeps the result. A state replaced before anyone read it is never parsed at all.
 *
 * <pre>{@code
 * OrderView view = new OrderView();   // extends ResourceView<Order>
 * view.applyCreated(order);
 * Optional<Order> latest = view.get(order.getId());
 * }</pre>
 *
 * @param <M> the resource message type
 */
public class ResourceView<M extends Message> implements SnapshotState {

  private static final Logger log = LoggerFactory.getLogger(ResourceView.class);

  private final M defaultInstance;
  private final Class<M> type;
  private final FieldDescriptor keyField;

  /** Per mask path this message does not have, how often a patch named it. */
  private final Map<String, Long> ignoredMaskPaths = new ConcurrentHashMap<>();

  /** Replaced whole by {@link #readSnapshot}, so readers see either the old or the new content. */
  private volatile ConcurrentHashMap<String, Latest> states = new ConcurrentHashMap<>();

  /**
   * The latest state of one id: an {@code M}, or the encoded bytes of one as loaded from a
   * snapshot. Written by the one writer with a release store, read with an acquire load: a reader
   * sees a fully built message. A reader that parses the bytes swaps its result in only if the
   * bytes are still there, so it never undoes a newer write.
   */
  private static final class Latest {
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Latest.class, "state", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private Object state;

    Latest(Object state) {
      this.state = state; // published by the map's put, which is a release
    }

    Object get() {
      return STATE.getAcquire(this);
    }

    void set(Message next) {
      STATE.setRelease(this, next);
    }

    /** Replaces {@code encoded} by {@code parsed}; returns what is there now. */
    Object materialise(byte[] encoded, Message parsed) {
      Object witness = STATE.compareAndExchange(this, encoded, parsed);
      return witness == encoded ? parsed : witness;
    }
  }

  /**
   * A view of resources of {@code defaultInstance}'s type, keyed by the field numbered {@code
   * keyFieldNumber} (a singular string or integer field).
   *
   * @throws IllegalArgumentException if there is no such field or it cannot serve as a key
   */
  protected ResourceView(M defaultInstance, int keyFieldNumber) {
    this.defaultInstance = Objects.requireNonNull(defaultInstance, "defaultInstance");
    this.type = classOf(defaultInstance);
    this.keyField = keyField(defaultInstance, keyFieldNumber);
  }

  @SuppressWarnings("unchecked") // getClass() of an M is a Class of M (or of a subclass of it)
  private static <M extends Message> Class<M> classOf(M instance) {
    return (Class<M>) instance.getClass();
  }

  private static IllegalArgumentException notAKey(
      FieldDescriptor field, String typeName, String why) {
    return new IllegalArgumentException(
        "key field "
            + field.getName()
            + " ("
            + field.getNumber()
            + ") of "
            + typeName
            + " "
            + why
            + "; a key must be a singular string or integer field");
  }

  private static FieldDescriptor keyField(Message defaultInstance, int number) {
    String typeName = defaultInstance.getDescriptorForType().getFullName();
    FieldDescriptor field = defaultInstance.getDescriptorForType().findFieldByNumber(number);
    if (field == null) {
      throw new IllegalArgumentException(
          "message type " + typeName + " has no field number " + number + " to use as key");
    }
    if (field.isRepeated()) {
      throw notAKey(field, typeName, "is repeated");
    }
    switch (field.getType()) {
      case STRING,
          INT32,
          SINT32,
          SFIXED32,
          INT64,
          SINT64,
          SFIXED64,
          UINT32,
          FIXED32,
          UINT64,
          FIXED64 -> {
        return field;
      }
      default ->
          throw notAKey(
              field, typeName, "is of type " + field.getType().name().toLowerCase(Locale.ROOT));
    }
  }

  /** Stores {@code state} under its id, replacing what was there. */
  public void applyCreated(M state) {
    put(state);
  }

  /** Stores {@code state} under its id, replacing what was there. */
  public void applyReplaced(M state) {
    put(state);
  }

  private void put(M state) {
    Objects.requireNonNull(state, "state");
    String id = keyOf(state);
    ConcurrentHashMap<String, Latest> current = states;
    Latest latest = current.get(id);
    if (latest != null) {
      latest.set(state);
    } else {
      latest = current.putIfAbsent(id, new Latest(state));
      if (latest != null) {
        latest.set(state); // only with a second writer, which the class does not support anyway
      }
    }
  }

  /**
   * Copies only the fields named by {@code mask} from {@code state} into the stored state of the
   * same id (a masked field absent in {@code state} is cleared). For an unknown id, starts from an
   * empty message holding only the id.
   *
   * <p>A mask path that does not name a field of this message, typically one a newer producer
   * added, is ignored: the known paths still apply. Each such path is logged once and counted in
   * {@link #ignoredMaskPaths()}.
   */
  public void applyPatched(M state, FieldMask mask) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(mask, "mask");
    FieldMask known = knownPaths(mask);
    states.compute(
        keyOf(state),
        (id, latest) -> {
          Message.Builder builder;
          if (latest == null) {
            builder = defaultInstance.newBuilderForType();
            builder.setField(keyField, state.getField(keyField));
          } else {
            builder = stateOf(id, latest).toBuilder();
          }
          FieldMasks.apply(known, state, builder);
          M patched = type.cast(builder.build());
          if (latest == null) {
            return new Latest(patched);
          }
          latest.set(patched);
          return latest;
        });
  }

  private FieldMask knownPaths(FieldMask mask) {
    FieldMask.Builder known = FieldMask.newBuilder();
    for (String path : mask.getPathsList()) {
      if (FieldMasks.isKnownPath(path, defaultInstance.getDescriptorForType())) {
        known.addPaths(path);
      } else if (ignoredMaskPaths.merge(path, 1L, Long::sum) == 1L) {
        log.info(
            "patches of {} name the path '{}', which this version of the message does not have;"
                + " ignoring it (counted in ignoredMaskPaths())",
            defaultInstance.getDescriptorForType().getFullName(),
            path);
      }
    }
    return known.getPathsCount() == mask.getPathsCount() ? mask : known.build();
  }

  /** Per mask path this version of the message does not have, how many patches named it. */
  public Map<String, Long> ignoredMaskPaths() {
    return Map.copyOf(ignoredMaskPaths);
  }

  /** Removes the resource with {@code id}; an unknown id is ignored. */
  public void applyDeleted(String id) {
    Objects.requireNonNull(id, "id");
    states.remove(id);
  }

  /** The latest state of the resource with {@code id}. */
  public Optional<M> get(String id) {
    Objects.requireNonNull(id, "id");
    Latest latest = states.get(id);
    return latest == null ? Optional.empty() : Optional.of(stateOf(id, latest));
  }

  /** A copy of the whole view, sorted by id. */
  public Map<String, M> snapshot() {
    TreeMap<String, M> copy = new TreeMap<>();
    states.forEach((id, latest) -> copy.put(id, stateOf(id, latest)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The message {@code latest} holds, parsing it first if it still holds the bytes a snapshot
   * loaded.
   *
   * @throws IllegalStateException if those bytes do not parse as this view's message type
   */
  private M stateOf(String id, Latest latest) {
    Object state = latest.get();
    if (state instanceof byte[] encoded) {
      M parsed;
      try {
        parsed = type.cast(defaultInstance.getParserForType().parseFrom(encoded));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(
            "the state of id '"
                + id
                + "' loaded from a snapshot does not parse as "
                + defaultInstance.getDescriptorForType().getFullName()
                + ": "
                + e.getMessage(),
            e);
      }
      state = latest.materialise(encoded, parsed);
      if (state instanceof byte[]) {
        return parsed; // cannot happen: only bytes that were there are replaced
      }
    }
    return type.cast(state);
  }

  /** Number of resources in the view. */
  public int size() {
    return states.size();
  }

  /** The id of {@code state}: its key field as a string. */
  public String keyOf(M state) {
    Objects.requireNonNull(state, "state");
    return keyString(state.getField(keyField));
  }

  private String keyString(Object value) {
    return switch (keyField.getType()) {
      case STRING -> (String) value;
      case INT32, SINT32, SFIXED32 -> Integer.toString((Integer) value);
      case INT64, SINT64, SFIXED64 -> Long.toString((Long) value);
      case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      default -> throw new IllegalStateException("unsupported key type " + keyField.getType());
    };
  }

  /** Removes every resource. */
  @Override
  public void clear() {
    states = new ConcurrentHashMap<>();
  }

  /**
   * Writes every resource, in id order, as length-delimited protobuf messages ({@link
   * Message#writeDelimitedTo}). A state still in the encoded form a snapshot loaded is written as
   * those bytes, without parsing it. Does not close {@code out}.
   */
  @Override
  public void writeSnapshot(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    TreeMap<String, Latest> sorted = new TreeMap<>(states);
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    for (Latest latest : sorted.values()) {
      Object state = latest.get();
      if (state instanceof byte[] encoded) {
        coded.writeUInt32NoTag(encoded.length);
        coded.writeRawBytes(encoded);
      } else {
        Message message = (Message) state;
        coded.writeUInt32NoTag(message.getSerializedSize());
        message.writeTo(coded);
      }
    }
    coded.flush();
    out.flush();
  }

  /**
   * Replaces the view's content with the resources written by {@link #writeSnapshot}, reading
   * {@code in} to its end. Does not close {@code in}.
   *
   * @throws IOException if {@code in} fails or holds something else; the view is then unchanged
   */
  @Override
  public void readSnapshot(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    readSnapshot(in.readAllBytes());
  }

  /**
   * Replaces the view's content with the resources {@code bytes} holds, as written by {@link
   * #writeSnapshot}. Each state keeps its own copy of its bytes and is parsed when first read; the
   * framing, every message's top-level fields and its key are checked here.
   *
   * @throws IOException if {@code bytes} holds something else; the view is then unchanged
   */
  @Override
  public void readSnapshot(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    // Not Parser.parseDelimitedFrom: it accepts a message cut short by the end of the stream.
    ConcurrentHashMap<String, Latest> restored = new ConcurrentHashMap<>();
    int position = 0;
    while (position < bytes.length) {
      int size = 0;
      int shift = 0;
      while (true) {
        if (position == bytes.length) {
          throw new EOFException("snapshot ends inside a message size");
        }
        byte b = bytes[position++];
        size |= (b & 0x7f) << shift;
        if (b >= 0) {
          break;
        }
        shift += 7;
        if (shift > 28) {
          throw new InvalidProtocolBufferException("snapshot holds a malformed message size");
        }
      }
      if (size < 0) {
        throw new InvalidProtocolBufferException("snapshot holds a negative message size " + size);
      }
      if (size > bytes.length - position) {
        throw new EOFException(
            "snapshot ends inside a message: "
                + (bytes.length - position)
                + " of "
                + size
                + " bytes");
      }
      String id = keyOfEncoded(bytes, position, size);
      restored.put(id, new Latest(Arrays.copyOfRange(bytes, position, position + size)));
      position += size;
    }
    states = restored;
  }

  /**
   * The key of the message encoded in {@code length} bytes of {@code bytes} from {@code offset},
   * read without parsing the rest of it; walks every top-level field, so a malformed message is
   * rejected here. As when parsing, the last occurrence of the key field counts, and one of another
   * wire type is an unknown field.
   */
  private String keyOfEncoded(byte[] bytes, int offset, int length) throws IOException {
    if (keyField.getRealContainingOneof() != null) {
      // another member of its oneof may come later and clear it: only a parse tells
      return keyOf(type.cast(defaultInstance.getParserForType().parseFrom(bytes, offset, length)));
    }
    CodedInputStream input = CodedInputStream.newInstance(bytes, offset, length);
    int keyTag = (keyField.getNumber() << 3) | keyWireType();
    Object key = keyField.getDefaultValue();
    int tag;
    while ((tag = input.readTag()) != 0) {
      if (tag == keyTag) {
        key = readKey(input);
      } else if (!input.skipField(tag)) {
        throw new InvalidProtocolBufferException("snapshot holds a message with an end-group tag");
      }
    }
    return keyString(key);
  }

  private int keyWireType() {
    return switch (keyField.getType()) {
      case STRING -> 2;
      case FIXED32, SFIXED32 -> 5;
      case FIXED64, SFIXED64 -> 1;
      default -> 0;
    };
  }

  private Object readKey(CodedInputStream input) throws IOException {
    return switch (keyField.getType()) {
      case STRING -> input.readStringRequireUtf8();
      case INT32 -> input.readInt32();
      case SINT32 -> input.readSInt32();
      case SFIXED32 -> input.readSFixed32();
      case UINT32 -> input.readUInt32();
      case FIXED32 -> input.readFixed32();
      case INT64 -> input.readInt64();
      case SINT64 -> input.readSInt64();
      case SFIXED64 -> input.readSFixed64();
      case UINT64 -> input.readUInt64();
      case FIXED64 -> input.readFixed64();
      default -> throw new IllegalStateException("unsupported key type " + keyField.getType());
    };
  }
}
