/**
 * Machinery behind the public runtime API: not for applications, and free to change in any release.
 */
package dev.protoevents.runtime.internal;
