package dev.protoevents.runtime;

/**
 * Told when a subscription changes state, for example to report {@link SubscriptionState#DEGRADED}
 * while the broker is unreachable. Called on the subscription's consumer thread, except for the
 * change to {@link SubscriptionState#STOPPING}, which the thread calling {@code close} reports; it
 * must return quickly and must not throw (what it throws is logged and ignored).
 *
 * <pre>{@code
 * SubscriptionOptions.builder()
 *     .stateListener((subscription, from, to) -> health.set(subscription.topic(), to))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface SubscriptionStateListener {
  /** {@code subscription} went from state {@code from} to {@code to}. */
  void onStateChange(Subscription subscription, SubscriptionState from, SubscriptionState to);
}
