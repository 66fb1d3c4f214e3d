/**
 * The protoevents Maven plugin: the {@code protoevents:generate} goal, which turns a project's
 * .proto files into protobuf message classes and typed Kafka event APIs.
 */
package dev.protoevents.maven;
