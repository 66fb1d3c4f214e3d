/**
 * Machinery behind subscriptions, not public API: retry bookkeeping of paused partitions, offset
 * commit tracking and the dead-letter writer. May change in any release.
 */
package dev.protoevents.runtime.internal;
