/**
 * Helpers of the Maven plugin, not API: protoc resolution through Maven's repositories, the .proto
 * source scan and the up-to-date check.
 */
package dev.protoevents.maven.internal;
