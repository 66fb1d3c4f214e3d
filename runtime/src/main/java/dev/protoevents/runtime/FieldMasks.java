package dev.protoevents.runtime;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Field masks of patched events: checking their paths against a message type, applying them (copy
 * the masked fields from a new state into a stored one) and their record header form.
 *
 * <pre>{@code
 * FieldMask mask = FieldMask.newBuilder().addPaths("status").addPaths("address.city").build();
 * Order.Builder stored = storedOrder.toBuilder();
 * FieldMasks.apply(mask, newOrder, stored); // only status and address.city change
 * }</pre>
 *
 * <p>A path is a dot-separated list of proto field names ({@code address.city}). Every segment but
 * the last must name a singular message field; the last may name any field.
 */
public final class FieldMasks {

  private static final Pattern HEADER_SEPARATOR = Pattern.compile(",");

  private FieldMasks() {}

  /**
   * Checks that every path of {@code mask} names a field of {@code type}.
   *
   * @throws IllegalArgumentException naming the first bad path and the message type
   */
  public static void validate(FieldMask mask, Descriptor type) {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(type, "type");
    for (String path : mask.getPathsList()) {
      resolve(path, type);
    }
  }

  /**
   * Replaces, in {@code target}, every field named by {@code mask} with its value in {@code
   * source}. A field that {@code source} does not have is cleared in {@code target}; repeated and
   * map fields are replaced whole. Missing intermediate messages are created in {@code target} when
   * {@code source} has them.
   *
   * @throws IllegalArgumentException if a path does not name a field of the message type, or if
   *     source and target are of different types; {@code target} is then left unchanged
   */
  public static void apply(FieldMask mask, Message source, Message.Builder target) {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Descriptor type = target.getDescriptorForType();
    if (source.getDescriptorForType() != type) {
      throw new IllegalArgumentException(
          "cannot apply a field mask from a "
              + source.getDescriptorForType().getFullName()
              + " to a "
              + type.getFullName());
    }
    // Resolve every path first so that a bad path leaves target untouched.
    List<List<FieldDescriptor>> resolved = new ArrayList<>(mask.getPathsCount());
    for (String path : mask.getPathsList()) {
      resolved.add(resolve(path, type));
    }
    for (List<FieldDescriptor> fields : resolved) {
      copy(fields, 0, source, target);
    }
  }

  /**
   * The header form of {@code mask}: its paths joined by commas, e.g. {@code status,address.city}.
   */
  public static String toHeader(FieldMask mask) {
    Objects.requireNonNull(mask, "mask");
    for (String path : mask.getPathsList()) {
      if (path.isEmpty() || path.indexOf(',') >= 0) {
        throw new IllegalArgumentException(
            "field mask path '" + path + "' cannot be written to a header");
      }
    }
    return String.join(",", mask.getPathsList());
  }

  /**
   * The field mask written by {@link #toHeader}. Empty segments are ignored, so an empty header is
   * an empty mask.
   */
  public static FieldMask fromHeader(String header) {
    Objects.requireNonNull(header, "header");
    FieldMask.Builder mask = FieldMask.newBuilder();
    for (String path : HEADER_SEPARATOR.split(header, -1)) {
      String trimmed = path.trim();
      if (!trimmed.isEmpty()) {
        mask.addPaths(trimmed);
      }
    }
    return mask.build();
  }

  /**
   * Whether {@code path} names a field of {@code type}: a path a newer version of the message may
   * have, but this one does not, is not known.
   */
  public static boolean isKnownPath(String path, Descriptor type) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    try {
      resolve(path, type);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The fields along {@code path}, outermost first. */
  private static List<FieldDescriptor> resolve(String path, Descriptor type) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "empty field mask path for message type " + type.getFullName());
    }
    String[] segments = path.split("\\.", -1);
    List<FieldDescriptor> fields = new ArrayList<>(segments.length);
    Descriptor current = type;
    for (int i = 0; i < segments.length; i++) {
      FieldDescriptor field = current.findFieldByName(segments[i]);
      if (field == null) {
        throw new IllegalArgumentException(
            "field mask path '"
                + path
                + "' does not name a field of message type "
                + type.getFullName()
                + ": "
                + current.getFullName()
                + " has no field '"
                + segments[i]
                + "'");
      }
      if (i < segments.length - 1) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
          throw new IllegalArgumentException(
              "field mask path '"
                  + path
                  + "' does not name a field of message type "
                  + type.getFullName()
                  + ": '"
                  + segments[i]
                  + "' is not a singular message field, so no path can go through it");
        }
        current = field.getMessageType();
      }
      fields.add(field);
    }
    return fields;
  }

  private static void copy(
      List<FieldDescriptor> path, int index, Message source, Message.Builder target) {
    FieldDescriptor field = path.get(index);
    if (index == path.size() - 1) {
      if (field.isRepeated()) {
        target.clearField(field);
        for (int i = 0; i < source.getRepeatedFieldCount(field); i++) {
          target.addRepeatedField(field, source.getRepeatedField(field, i));
        }
      } else if (source.hasField(field)) {
        target.setField(field, source.getField(field));
      } else {
        target.clearField(field);
      }
      return;
    }
    // Nothing to copy or clear below a message that neither side has; creating an empty one
    // would change the target's presence bits for no reason.
    if (!source.hasField(field) && !target.hasField(field)) {
      return;
    }
    Message.Builder child = ((Message) target.getField(field)).toBuilder();
    copy(path, index + 1, (Message) source.getField(field), child);
    target.setField(field, child.build());
  }
}
