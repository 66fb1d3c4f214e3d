/**
 * Stream processors: consume the events of one topic in a consumer group and emit new events, the
 * emitted events and the input offsets committed together in one Kafka transaction.
 */
package dev.protoevents.runtime.process;
