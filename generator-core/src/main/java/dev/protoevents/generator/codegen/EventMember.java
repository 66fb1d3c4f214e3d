package dev.protoevents.generator.codegen;

import com.palantir.javapoet.ClassName;
import dev.protoevents.generator.model.DomainEvent;
import java.util.Optional;

/**
 * One event of a resource as the generated code names it.
 *
 * @param kind which of the resource events, or a domain event
 * @param memberName name of the nested event record, e.g. {@code Created}
 * @param eventType the event type on the wire, e.g. {@code OrderCreated}
 * @param payloadType the protobuf class of the payload; for deleted events, the resource class
 * @param payloadName the record component and parameter name of the payload, e.g. {@code order}
 * @param publishMethod the publisher method, e.g. {@code created}
 * @param handlerMethod the handler method, e.g. {@code onCreated}
 * @param domainEvent the domain event, for {@link Kind#DOMAIN}
 */
record EventMember(
    Kind kind,
    String memberName,
    String eventType,
    ClassName payloadType,
    String payloadName,
    String publishMethod,
    String handlerMethod,
    Optional<DomainEvent> domainEvent) {

  /** The kinds of events. */
  enum Kind {
    CREATED,
    REPLACED,
    PATCHED,
    DELETED,
    DOMAIN
  }
}
