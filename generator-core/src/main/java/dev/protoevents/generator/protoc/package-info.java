/**
 * The generator as a protoc plugin ({@code protoc-gen-protoevents}): reads a {@code
 * CodeGeneratorRequest} from standard input and writes the event API sources as a {@code
 * CodeGeneratorResponse} to standard output.
 */
package dev.protoevents.generator.protoc;
