package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Api;
import com.google.protobuf.Field;
import com.google.protobuf.FieldMask;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Struct;
import com.google.protobuf.Syntax;
import com.google.protobuf.Type;
import com.google.protobuf.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldMasksTest {

  private static final Type STORED =
      Type.newBuilder()
          .setName("shop.Order")
          .addOneofs("kind")
          .addFields(Field.newBuilder().setName("id").setNumber(1))
          .setSourceContext(SourceContext.newBuilder().setFileName("old.proto"))
          .setSyntax(Syntax.SYNTAX_PROTO3)
          .build();

  private static FieldMask mask(String... paths) {
    return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
  }

  @Test
  void applyingCopiesOnlyMaskedFields() {
    Type source =
        Type.newBuilder()
            .setName("other")
            .addOneofs("new")
            .setSyntax(Syntax.SYNTAX_EDITIONS)
            .build();
    Type.Builder target = STORED.toBuilder();

    FieldMasks.apply(mask("syntax"), source, target);

    assertEquals(STORED.toBuilder().setSyntax(Syntax.SYNTAX_EDITIONS).build(), target.build());
  }

  @Test
  void applyingNestedPathChangesOnlyTheNestedField() {
    Api source =
        Api.newBuilder()
            .setName("ignored")
            .setSourceContext(SourceContext.newBuilder().setFileName("new.proto"))
            .build();
    Api.Builder target =
        Api.newBuilder()
            .setName("kept")
            .setSourceContext(SourceContext.newBuilder().setFileName("old.proto"));

    FieldMasks.apply(mask("source_context.file_name"), source, target);

    assertEquals("kept", target.getName());
    assertEquals("new.proto", target.getSourceContext().getFileName());
  }

  @Test
  void applyingNestedPathCreatesTheMissingIntermediateMessage() {
    Type source =
        Type.newBuilder()
            .setSourceContext(SourceContext.newBuilder().setFileName("a.proto"))
            .build();
    Type.Builder target = Type.newBuilder().setName("t");

    FieldMasks.apply(mask("source_context.file_name"), source, target);

    assertEquals("a.proto", target.getSourceContext().getFileName());
  }

  @Test
  void applyingNestedPathAbsentOnBothSidesCreatesNothing() {
    Type.Builder target = Type.newBuilder().setName("t");

    FieldMasks.apply(mask("source_context.file_name"), Type.getDefaultInstance(), target);

    assertFalse(target.hasSourceContext());
  }

  @Test
  void applyingReplacesRepeatedFieldsWhole() {
    Type source = Type.newBuilder().addFields(Field.newBuilder().setName("a")).build();
    Type.Builder target =
        Type.newBuilder()
            .addFields(Field.newBuilder().setName("x"))
            .addFields(Field.newBuilder().setName("y"));

    FieldMasks.apply(mask("fields"), source, target);

    assertEquals(source.getFieldsList(), target.getFieldsList());
  }

  @Test
  void applyingClearsMaskedFieldsThatTheSourceLacks() {
    Type.Builder target = STORED.toBuilder();

    FieldMasks.apply(mask("source_context", "oneofs", "name"), Type.getDefaultInstance(), target);

    assertFalse(target.hasSourceContext());
    assertEquals(0, target.getOneofsCount());
    assertEquals("", target.getName());
    assertEquals(1, target.getFieldsCount());
  }

  @Test
  void applyingReplacesMapFieldsWhole() {
    Struct source =
        Struct.newBuilder().putFields("a", Value.newBuilder().setNumberValue(1).build()).build();
    Struct.Builder target =
        Struct.newBuilder()
            .putFields("b", Value.newBuilder().setNumberValue(2).build())
            .putFields("a", Value.newBuilder().setNumberValue(3).build());

    FieldMasks.apply(mask("fields"), source, target);

    assertEquals(source, target.build());
  }

  @Test
  void unknownPathIsRejectedNamingPathAndMessageTypeAndLeavesTargetUnchanged() {
    Type.Builder target = STORED.toBuilder();

    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FieldMasks.apply(
                    mask("name", "source_context.nope"), Type.getDefaultInstance(), target));

    assertTrue(failure.getMessage().contains("'source_context.nope'"), failure.getMessage());
    assertTrue(failure.getMessage().contains("google.protobuf.Type"), failure.getMessage());
    assertEquals(STORED, target.build());
  }

  @Test
  void pathThroughRepeatedOrScalarFieldIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FieldMasks.validate(mask("fields.name"), Type.getDescriptor()));
    assertThrows(
        IllegalArgumentException.class,
        () -> FieldMasks.validate(mask("name.length"), Type.getDescriptor()));
    assertThrows(
        IllegalArgumentException.class, () -> FieldMasks.validate(mask(""), Type.getDescriptor()));
  }

  @Test
  void validPathsPassValidation() {
    FieldMasks.validate(mask("name", "fields", "source_context.file_name"), Type.getDescriptor());
  }

  @Test
  void sourceOfAnotherTypeIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FieldMasks.apply(mask("name"), Api.getDefaultInstance(), Type.newBuilder()));
  }

  @Test
  void headerFormRoundTrips() {
    FieldMask mask = mask("name", "source_context.file_name");

    assertEquals("name,source_context.file_name", FieldMasks.toHeader(mask));
    assertEquals(mask, FieldMasks.fromHeader(FieldMasks.toHeader(mask)));
    assertEquals(FieldMask.getDefaultInstance(), FieldMasks.fromHeader(""));
  }
}
