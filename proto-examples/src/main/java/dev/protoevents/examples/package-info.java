/**
 * A runnable demo of the event APIs generated from this module's .proto files: publish, subscribe
 * in two consumer groups, and an in-memory view, on an embedded Kafka broker.
 */
package dev.protoevents.examples;
