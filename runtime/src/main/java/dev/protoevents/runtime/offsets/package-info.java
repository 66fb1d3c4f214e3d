/**
 * Offset control: move a consumer group's committed offsets to the earliest or latest offset, a
 * timestamp or given offsets ({@link dev.protoevents.runtime.offsets.ConsumerGroupOffsets}), see
 * where a group stands, and resolve such targets for any consumer ({@link
 * dev.protoevents.runtime.offsets.OffsetResolver}).
 */
package dev.protoevents.runtime.offsets;
