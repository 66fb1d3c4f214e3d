/**
 * Machinery behind {@link dev.protoevents.runtime.metrics}: the hooks the runtime calls, a no-op
 * implementation and the Micrometer one, which alone refers to Micrometer and is loaded
 * reflectively. Not for applications.
 */
package dev.protoevents.runtime.metrics.internal;
