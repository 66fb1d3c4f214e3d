package dev.protoevents.generator.model;

/**
 * The field of a message that holds a resource id, which becomes the Kafka record key.
 *
 * @param name the proto field name, e.g. {@code order_id}
 * @param number the proto field number
 * @param type how the value is turned into the key string
 * @param javaCamelName the field name as protoc spells it in accessors, e.g. {@code OrderId}
 */
public record KeyField(String name, int number, KeyType type, String javaCamelName) {

  /** The scalar kinds a key field may have. */
  public enum KeyType {
    /** {@code string}: the value is the key. */
    STRING,
    /** {@code int32}, {@code sint32}, {@code sfixed32}: decimal. */
    INT32,
    /** {@code int64}, {@code sint64}, {@code sfixed64}: decimal. */
    INT64,
    /** {@code uint32}, {@code fixed32}: unsigned decimal. */
    UINT32,
    /** {@code uint64}, {@code fixed64}: unsigned decimal. */
    UINT64
  }

  /** The protoc getter, e.g. {@code getOrderId}. */
  public String getter() {
    return "get" + javaCamelName;
  }

  /** The protoc builder setter, e.g. {@code setOrderId}. */
  public String setter() {
    return "set" + javaCamelName;
  }
}
