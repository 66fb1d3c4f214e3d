/**
 * Schema evolution: compares the event model of a module's .proto files with a baseline (the
 * previous release's descriptor set) and reports the changes that break existing producers or
 * consumers, each with a stable tag.
 */
package dev.protoevents.generator.evolution;
