package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Field;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Syntax;
import com.google.protobuf.Type;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceViewTest {

  /** A view of {@link Type}s keyed by their name (field 1). */
  private static final class TypeView extends ResourceView<Type> {
    TypeView() {
      super(Type.getDefaultInstance(), Type.NAME_FIELD_NUMBER);
    }
  }

  private final TypeView view = new TypeView();

  private static Type order(String fileName, String... fieldNames) {
    Type.Builder type =
        Type.newBuilder()
            .setName("order-1")
            .setSyntax(Syntax.SYNTAX_PROTO3)
            .setSourceContext(SourceContext.newBuilder().setFileName(fileName));
    for (String fieldName : fieldNames) {
      type.addFields(Field.newBuilder().setName(fieldName));
    }
    return type.build();
  }

  private static FieldMask mask(String... paths) {
    return FieldMask.newBuilder().addAllPaths(List.of(paths)).build();
  }

  @Test
  void createdResourceIsStoredUnderItsId() {
    view.applyCreated(order("a.proto"));

    assertEquals(order("a.proto"), view.get("order-1").orElseThrow());
    assertEquals(1, view.size());
    assertTrue(view.get("order-2").isEmpty());
  }

  @Test
  void replacedResourceReplacesTheWholeState() {
    view.applyCreated(order("a.proto", "x"));

    view.applyReplaced(Type.newBuilder().setName("order-1").build());

    assertEquals(Type.newBuilder().setName("order-1").build(), view.get("order-1").orElseThrow());
  }

  @Test
  void patchChangesOnlyMaskedFields() {
    view.applyCreated(order("a.proto", "x"));
    Type patch =
        Type.newBuilder()
            .setName("order-1")
            .setSyntax(Syntax.SYNTAX_EDITIONS)
            .setEdition("2023")
            .build();

    view.applyPatched(patch, mask("syntax"));

    assertEquals(
        order("a.proto", "x").toBuilder().setSyntax(Syntax.SYNTAX_EDITIONS).build(),
        view.get("order-1").orElseThrow());
  }

  @Test
  void patchWithNestedPathChangesOnlyTheNestedField() {
    view.applyCreated(order("a.proto", "x"));

    view.applyPatched(order("b.proto"), mask("source_context.file_name"));

    assertEquals(order("b.proto", "x"), view.get("order-1").orElseThrow());
  }

  @Test
  void patchReplacesRepeatedFieldsWhole() {
    view.applyCreated(order("a.proto", "x", "y"));

    view.applyPatched(order("ignored.proto", "z"), mask("fields"));

    assertEquals(order("a.proto", "z"), view.get("order-1").orElseThrow());
  }

  @Test
  void patchClearsMaskedFieldsAbsentFromThePatch() {
    view.applyCreated(order("a.proto", "x"));

    view.applyPatched(
        Type.newBuilder().setName("order-1").build(), mask("source_context", "fields"));

    Type stored = view.get("order-1").orElseThrow();
    assertFalse(stored.hasSourceContext());
    assertEquals(0, stored.getFieldsCount());
    assertEquals(Syntax.SYNTAX_PROTO3, stored.getSyntax());
  }

  @Test
  void patchOfUnknownIdStartsFromAnEmptyResourceWithOnlyTheId() {
    view.applyPatched(order("a.proto", "x"), mask("fields"));

    assertEquals(
        Type.newBuilder().setName("order-1").addFields(Field.newBuilder().setName("x")).build(),
        view.get("order-1").orElseThrow());
  }

  @Test
  void patchWithOnlyUnknownPathsChangesNothingAndIsCounted() {
    view.applyCreated(order("a.proto"));

    view.applyPatched(order("b.proto"), mask("nope"));

    assertEquals(order("a.proto"), view.get("order-1").orElseThrow());
    assertEquals(Map.of("nope", 1L), view.ignoredMaskPaths());
  }

  @Test
  void deletedResourceIsRemovedAndUnknownIdIsIgnored() {
    view.applyCreated(order("a.proto"));

    view.applyDeleted("unknown");
    assertEquals(1, view.size());
    view.applyDeleted("order-1");

    assertEquals(0, view.size());
    assertTrue(view.get("order-1").isEmpty());
  }

  @Test
  void snapshotIsSortedById() {
    view.applyCreated(Type.newBuilder().setName("b").build());
    view.applyCreated(Type.newBuilder().setName("a").build());
    view.applyCreated(Type.newBuilder().setName("c").build());

    assertEquals(List.of("a", "b", "c"), List.copyOf(view.snapshot().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> view.snapshot().clear());
  }

  @Test
  void snapshotEncodingRoundTripsAndReplacesContent() throws IOException {
    view.applyCreated(order("a.proto", "x"));
    view.applyCreated(Type.newBuilder().setName("order-0").build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    view.writeSnapshot(bytes);

    TypeView restored = new TypeView();
    restored.applyCreated(Type.newBuilder().setName("stale").build());
    restored.readSnapshot(new ByteArrayInputStream(bytes.toByteArray()));

    assertEquals(view.snapshot(), restored.snapshot());
    assertTrue(restored.get("stale").isEmpty());
  }

  @Test
  void largeSnapshotParsedOnSeveralThreadsRoundTrips() throws IOException {
    // Given a view large enough that its snapshot is parsed in parallel, some states replaced
    for (int i = 0; i < 20_000; i++) {
      view.applyCreated(order("v1.proto").toBuilder().setName("order-" + i).build());
    }
    for (int i = 0; i < 20_000; i += 3) {
      view.applyReplaced(order("v2.proto", "f" + i).toBuilder().setName("order-" + i).build());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    view.writeSnapshot(bytes);

    // When another view reads it
    TypeView restored = new TypeView();
    restored.readSnapshot(new ByteArrayInputStream(bytes.toByteArray()));

    // Then it holds exactly the same latest states
    assertEquals(20_000, restored.size());
    assertEquals(view.snapshot(), restored.snapshot());
    assertEquals(
        "v2.proto", restored.get("order-3").orElseThrow().getSourceContext().getFileName());
  }

  @Test
  void damagedLargeSnapshotIsRejectedAndLeavesTheViewUnchanged() throws IOException {
    // Given the snapshot of a large view, cut short, and the same with an unparsable message
    for (int i = 0; i < 10_000; i++) {
      view.applyCreated(order("a.proto").toBuilder().setName("order-" + i).build());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    view.writeSnapshot(out);
    byte[] bytes = out.toByteArray();
    byte[] cutShort = Arrays.copyOf(bytes, bytes.length - 3);
    byte[] badMessage = Arrays.copyOf(bytes, bytes.length + 4);
    System.arraycopy(
        new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, badMessage, bytes.length, 4);
    TypeView other = new TypeView();
    other.applyCreated(Type.newBuilder().setName("kept").build());

    // When another view reads them, then both are rejected and it keeps its content
    assertThrows(IOException.class, () -> other.readSnapshot(new ByteArrayInputStream(cutShort)));
    assertThrows(IOException.class, () -> other.readSnapshot(new ByteArrayInputStream(badMessage)));
    assertEquals(1, other.size());
    assertTrue(other.get("kept").isPresent());
  }

  @Test
  void damagedSnapshotIsRejectedAndLeavesTheViewUnchanged() {
    view.applyCreated(order("a.proto"));
    byte[] truncated = {10, 50, 1, 2};
    byte[] garbage = {3, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    assertThrows(IOException.class, () -> view.readSnapshot(new ByteArrayInputStream(truncated)));
    assertThrows(IOException.class, () -> view.readSnapshot(new ByteArrayInputStream(garbage)));

    assertEquals(1, view.size());
  }

  @Test
  void integerKeysAreDecimalAndUnsignedKeysUnsigned() {
    ResourceView<Int64Value> signed = new ResourceView<>(Int64Value.getDefaultInstance(), 1) {};
    ResourceView<UInt64Value> unsigned64 =
        new ResourceView<>(UInt64Value.getDefaultInstance(), 1) {};
    ResourceView<UInt32Value> unsigned32 =
        new ResourceView<>(UInt32Value.getDefaultInstance(), 1) {};

    assertEquals("-5", signed.keyOf(Int64Value.of(-5)));
    assertEquals("18446744073709551615", unsigned64.keyOf(UInt64Value.of(-1L)));
    assertEquals("4294967295", unsigned32.keyOf(UInt32Value.of(-1)));
  }

  @Test
  void keyFieldMustExistAndBeASingularStringOrInteger() {
    assertThrows(
        IllegalArgumentException.class, () -> new ResourceView<>(Type.getDefaultInstance(), 99) {});
    assertThrows(
        IllegalArgumentException.class,
        () -> new ResourceView<>(Type.getDefaultInstance(), Type.FIELDS_FIELD_NUMBER) {});
    assertThrows(
        IllegalArgumentException.class,
        () -> new ResourceView<>(Type.getDefaultInstance(), Type.SOURCE_CONTEXT_FIELD_NUMBER) {});
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ResourceView<>(Type.getDefaultInstance(), Type.SYNTAX_FIELD_NUMBER) {});
    assertTrue(failure.getMessage().contains("enum"), failure.getMessage());
  }
}
