package dev.protoevents.generator.model;

import java.util.Optional;

/**
 * How a resource declared with Restorecommerce's {@code
 * io.restorecommerce.options.kafka_subscriber} travels: on its topic in the {@code restorecommerce}
 * envelope (key = event name, no headers), with the event names of the option. Their {@code
 * updated} is a full replacement (our Replaced); their {@code deleted} carries a message holding
 * the id.
 *
 * @param plural the option's plural, e.g. {@code users}
 * @param created the wire name of Created, e.g. {@code userCreated}
 * @param updated the wire name of Replaced, e.g. {@code userUpdated}
 * @param deleted the wire name of Deleted, e.g. {@code userDeleted}
 * @param deletedMessage the message a delete carries: the {@code Deleted} message (with a string
 *     {@code id}) of the resource's file; empty where there is none, then the resource message
 *     holding only the id
 */
public record RestorecommerceWire(
    String plural,
    String created,
    String updated,
    String deleted,
    Optional<JavaName> deletedMessage) {}
