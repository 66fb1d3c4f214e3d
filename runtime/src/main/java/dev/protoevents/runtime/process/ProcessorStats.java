package dev.protoevents.runtime.process;

/**
 * Counters of one processor since it started; every count but {@code retried} and {@code aborted}
 * counts only what committed.
 *
 * @param processed input events whose handler returned normally, committed
 * @param emitted events emitted in committed transactions
 * @param retried failed handler calls that were scheduled for a retry
 * @param deadLettered input records written to the dead-letter topic
 * @param unknown input events of a type the decoder does not know
 * @param committed transactions committed
 * @param aborted transactions aborted (a handler failed, a commit failed, closing)
 */
public record ProcessorStats(
    long processed,
    long emitted,
    long retried,
    long deadLettered,
    long unknown,
    long committed,
    long aborted) {}
