/**
 * JUnit 5 test kit for services built with protoevents: a real in-process Apache Kafka broker
 * (KRaft) shared by all tests of a JVM, injected with {@link EmbeddedKafkaTest}.
 */
package dev.protoevents.testkit;
