/**
 * Turns the event model into JavaPoet specs: one generator per kind of artifact (event types,
 * topic, publisher, subscriber, handler, restore handler and view) and {@link
 * dev.protoevents.generator.codegen.JavaGenerator} choosing among them.
 */
package dev.protoevents.generator.codegen;
