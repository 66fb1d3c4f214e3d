/**
 * The command channel of Restorecommerce: {@link dev.protoevents.runtime.command.CommandInterface}
 * answers {@code restore}, {@code reset}, {@code health_check} and {@code version} commands on
 * {@code io.restorecommerce.command} the way the Node.js chassis does, restoring through state
 * feeds.
 */
package dev.protoevents.runtime.command;
