/**
 * Machinery behind the public runtime API: not for applications, and free to change in any release.
 * For subscriptions, one class per step of the pipeline subscribe → decode → dispatch → commit
 * ({@code PollLoop}, {@code RecordDecoding}, {@code RecordDispatcher}, {@code CommitTracker}), with
 * their status, counters, retry bookkeeping and the dead-letter writer.
 */
package dev.protoevents.runtime.internal;
