/**
 * Machinery behind the public runtime API: not for applications, and free to change in any release.
 * For subscriptions: retry bookkeeping of paused partitions, offset commit tracking and the
 * dead-letter writer.
 */
package dev.protoevents.runtime.internal;
