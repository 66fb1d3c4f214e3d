/**
 * Restore and snapshots: {@link dev.protoevents.runtime.restore.StateFeed} rebuilds a service's
 * local state from its resource topics (every partition, no consumer group), from the newest valid
 * snapshot or the beginning, then follows live events; snapshots pair the state with the offsets it
 * reflects.
 */
package dev.protoevents.runtime.restore;
