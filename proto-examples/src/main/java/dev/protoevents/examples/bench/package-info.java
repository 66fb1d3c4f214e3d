/**
 * A benchmark harness: protoevents against raw kafka-clients and Spring Kafka with the same bytes,
 * side by side in one JVM on an embedded broker, in balanced rounds ({@code ./mvnw -B -Pbench
 * verify}): publish, consume, restore and the restored view's heap.
 */
package dev.protoevents.examples.bench;
