/**
 * A benchmark harness: protoevents against raw kafka-clients with the same bytes, side by side in
 * one JVM on an embedded broker ({@code ./mvnw -B -Pbench verify}).
 */
package dev.protoevents.examples.bench;
