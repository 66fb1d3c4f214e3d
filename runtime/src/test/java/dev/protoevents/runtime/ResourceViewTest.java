package dev.protoevents.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Field;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int32Value;
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
  void largeSnapshotRoundTrips() throws IOException {
    // Given a large view, some states replaced
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

  private static byte[] snapshotOf(ResourceView<?> view) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    view.writeSnapshot(bytes);
    return bytes.toByteArray();
  }

  @Test
  void stateLoadedFromASnapshotIsParsedOnceOnFirstRead() throws IOException {
    view.applyCreated(order("a.proto", "x"));
    TypeView restored = new TypeView();
    restored.readSnapshot(snapshotOf(view));

    Type first = restored.get("order-1").orElseThrow();

    assertEquals(order("a.proto", "x"), first);
    assertSame(first, restored.get("order-1").orElseThrow(), "the parsed state is kept");
    assertSame(first, restored.snapshot().get("order-1"));
  }

  @Test
  void loadedStatesReplacedOrPatchedBeforeAnyReadHoldTheNewState() throws IOException {
    view.applyCreated(order("a.proto", "x"));
    view.applyCreated(order("b.proto", "y").toBuilder().setName("order-2").build());
    view.applyCreated(order("c.proto").toBuilder().setName("order-3").build());
    TypeView restored = new TypeView();
    restored.readSnapshot(snapshotOf(view));

    restored.applyReplaced(order("new.proto"));
    restored.applyPatched(
        order("patched.proto").toBuilder().setName("order-2").build(), mask("source_context"));
    restored.applyDeleted("order-3");

    assertEquals(order("new.proto"), restored.get("order-1").orElseThrow());
    assertEquals(
        order("patched.proto", "y").toBuilder().setName("order-2").build(),
        restored.get("order-2").orElseThrow());
    assertTrue(restored.get("order-3").isEmpty());
    assertEquals(2, restored.size());
  }

  @Test
  void snapshotOfALoadedViewIsTheSameBytesWhetherReadOrNot() throws IOException {
    for (int i = 0; i < 100; i++) {
      view.applyCreated(order("a.proto", "f" + i).toBuilder().setName("order-" + i).build());
    }
    byte[] original = snapshotOf(view);
    TypeView untouched = new TypeView();
    untouched.readSnapshot(original);
    TypeView read = new TypeView();
    read.readSnapshot(original);
    read.snapshot(); // parses every state

    assertArrayEquals(original, snapshotOf(untouched));
    assertArrayEquals(original, snapshotOf(read));
  }

  @Test
  void integerKeysAreReadFromTheSnapshotBytesAsFromTheMessage() throws IOException {
    ResourceView<Int64Value> signed = new ResourceView<>(Int64Value.getDefaultInstance(), 1) {};
    ResourceView<UInt32Value> unsigned = new ResourceView<>(UInt32Value.getDefaultInstance(), 1) {};
    ResourceView<Int32Value> defaults = new ResourceView<>(Int32Value.getDefaultInstance(), 1) {};
    signed.applyCreated(Int64Value.of(-5));
    signed.applyCreated(Int64Value.of(Long.MAX_VALUE));
    unsigned.applyCreated(UInt32Value.of(-1));
    defaults.applyCreated(Int32Value.of(0)); // the key field is not on the wire at all

    ResourceView<Int64Value> signedCopy = new ResourceView<>(Int64Value.getDefaultInstance(), 1) {};
    ResourceView<UInt32Value> unsignedCopy =
        new ResourceView<>(UInt32Value.getDefaultInstance(), 1) {};
    ResourceView<Int32Value> defaultsCopy =
        new ResourceView<>(Int32Value.getDefaultInstance(), 1) {};
    signedCopy.readSnapshot(snapshotOf(signed));
    unsignedCopy.readSnapshot(snapshotOf(unsigned));
    defaultsCopy.readSnapshot(snapshotOf(defaults));

    assertEquals(signed.snapshot(), signedCopy.snapshot());
    assertEquals(Map.of("4294967295", UInt32Value.of(-1)), unsignedCopy.snapshot());
    assertEquals(Map.of("0", Int32Value.of(0)), defaultsCopy.snapshot());
  }

  @Test
  void loadedStateWhoseNestedMessageIsDamagedFailsOnReadNamingItsId() throws IOException {
    // name = "bad" (field 1), then source_context (field 5) holding one byte that is no message
    byte[] message = {0x0a, 3, 'b', 'a', 'd', 0x2a, 1, (byte) 0xff};
    byte[] snapshot = new byte[message.length + 1];
    snapshot[0] = (byte) message.length;
    System.arraycopy(message, 0, snapshot, 1, message.length);
    TypeView restored = new TypeView();
    restored.readSnapshot(snapshot);

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> restored.get("bad"));

    assertTrue(failure.getMessage().contains("'bad'"), failure.getMessage());
    assertTrue(failure.getMessage().contains("google.protobuf.Type"), failure.getMessage());
  }
}
