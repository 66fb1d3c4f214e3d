/**
 * How an event sits in a Kafka record: the {@link dev.protoevents.runtime.envelope.Envelope}
 * strategies (lean, CloudEvents binary mode, Restorecommerce) and their choice per topic.
 */
package dev.protoevents.runtime.envelope;
