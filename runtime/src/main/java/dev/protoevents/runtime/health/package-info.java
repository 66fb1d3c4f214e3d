/**
 * Health of a service's event machinery: {@link dev.protoevents.runtime.health.HealthCheck} asks
 * each subscription, state feed or other component whether it is running, starting, degraded or
 * stopped and returns one {@link dev.protoevents.runtime.health.HealthReport}, for a readiness
 * endpoint.
 */
package dev.protoevents.runtime.health;
