/**
 * Not public API: running protoc, reading descriptors and options into the event model, the naming
 * rules, and writing output atomically.
 */
package dev.protoevents.generator.internal;
