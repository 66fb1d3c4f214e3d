/**
 * The public runtime API that protoevents-generated code calls: publishing and subscribing to
 * resource topics on Kafka, typed event metadata, and in-memory resource views.
 */
package dev.protoevents.runtime;
