package dev.protoevents.runtime.command;

/**
 * What a service does on a {@code reset} command: drop the state it keeps (Restorecommerce services
 * truncate their database). Runs on the command channel's thread; a thrown exception becomes the
 * error of the {@code resetResponse}.
 *
 * <pre>{@code
 * CommandInterface.builder(kafkaConfig, "orders-java").onReset(() -> repository.clear())
 * }</pre>
 */
@FunctionalInterface
public interface ResetAction {
  /** Drops the service's state. */
  void reset() throws Exception;
}
