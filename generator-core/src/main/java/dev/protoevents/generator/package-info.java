/**
 * The entry point of code generation: {@link dev.protoevents.generator.ProtoeventsBuild} turns
 * .proto files into Java sources, reporting every rule violation as a {@link
 * dev.protoevents.generator.Diagnostic}.
 */
package dev.protoevents.generator;
