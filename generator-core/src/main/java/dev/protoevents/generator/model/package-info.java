/**
 * The event model protoevents generates from: resources, their topics and key fields, and the
 * domain events published on each resource topic. Immutable; built from protobuf descriptors.
 */
package dev.protoevents.generator.model;
