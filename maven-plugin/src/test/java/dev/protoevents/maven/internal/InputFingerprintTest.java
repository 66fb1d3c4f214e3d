package dev.protoevents.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFingerprintTest {
  @TempDir Path dir;
  Path sources;
  Path imports;

  @BeforeEach
  void givenAProjectWithProtosAndAnImportDirectory() throws IOException {
    sources = dir.resolve("src/main/proto");
    imports = dir.resolve("imports");
    write(sources.resolve("shop/order.proto"), "syntax = \"proto3\"; message Order {}");
    write(sources.resolve("shop/customer.proto"), "syntax = \"proto3\"; message Customer {}");
    write(imports.resolve("common/money.proto"), "syntax = \"proto3\"; message Money {}");
  }

  @Test
  void sameInputsGiveTheSameFingerprint() throws IOException {
    InputFingerprint first = fingerprint(UnaryOperator.identity());
    InputFingerprint second = fingerprint(UnaryOperator.identity());

    assertEquals(first.sha256(), second.sha256());
    assertEquals(3, first.protoFileCount());
  }

  @Test
  void changedProtoContentChangesTheFingerprint() throws IOException {
    InputFingerprint before = fingerprint(UnaryOperator.identity());

    write(
        sources.resolve("shop/order.proto"),
        "syntax = \"proto3\"; message Order { string id = 1; }");

    assertNotEquals(before.sha256(), fingerprint(UnaryOperator.identity()).sha256());
  }

  @Test
  void changedImportChangesTheFingerprint() throws IOException {
    InputFingerprint before = fingerprint(UnaryOperator.identity());

    write(
        imports.resolve("common/money.proto"),
        "syntax = \"proto3\"; message Money { int64 units = 1; }");

    assertNotEquals(before.sha256(), fingerprint(UnaryOperator.identity()).sha256());
  }

  @Test
  void addedOrRenamedProtoChangesTheFingerprint() throws IOException {
    InputFingerprint before = fingerprint(UnaryOperator.identity());

    Files.move(sources.resolve("shop/customer.proto"), sources.resolve("shop/client.proto"));
    InputFingerprint renamed = fingerprint(UnaryOperator.identity());
    write(sources.resolve("shop/cart.proto"), "syntax = \"proto3\";");
    InputFingerprint added = fingerprint(UnaryOperator.identity());

    assertNotEquals(before.sha256(), renamed.sha256());
    assertNotEquals(renamed.sha256(), added.sha256());
    assertEquals(4, added.protoFileCount());
  }

  @Test
  void otherFilesDoNotCount() throws IOException {
    InputFingerprint before = fingerprint(UnaryOperator.identity());

    write(sources.resolve("README.md"), "notes");
    write(sources.resolve("shop/order.proto~"), "editor backup");

    assertEquals(before.sha256(), fingerprint(UnaryOperator.identity()).sha256());
  }

  @Test
  void protoMovedFromSourcesToImportsChangesTheFingerprint() throws IOException {
    InputFingerprint before = fingerprint(UnaryOperator.identity());

    Files.createDirectories(imports.resolve("shop"));
    Files.move(sources.resolve("shop/customer.proto"), imports.resolve("shop/customer.proto"));

    assertNotEquals(before.sha256(), fingerprint(UnaryOperator.identity()).sha256());
  }

  @Test
  void everyConfigurationSettingCounts() throws IOException {
    String base = fingerprint(UnaryOperator.identity()).sha256();

    List<UnaryOperator<InputFingerprint.Builder>> changes =
        List.of(
            b -> b.setting("plugin", "0.2.0"),
            b -> b.setting("protoc", "4.35.1"),
            b -> b.setting("namespace", "com.example"),
            b -> b.setting("resources", List.of("Order")),
            b -> b.setting("resources", List.of("Customer", "Order")),
            b -> b.setting("generateMessages", "false"),
            b -> b.setting("outputDirectory", "/elsewhere/events"),
            b -> b.setting("messagesOutputDirectory", "/elsewhere/messages"));

    for (UnaryOperator<InputFingerprint.Builder> change : changes) {
      assertNotEquals(base, fingerprint(change).sha256());
    }
  }

  @Test
  void settingValuesCannotRunIntoEachOther() throws IOException {
    String split = fingerprint(b -> b.setting("resources", List.of("Or", "der"))).sha256();
    String joined = fingerprint(b -> b.setting("resources", List.of("Order"))).sha256();

    assertNotEquals(split, joined);
  }

  private InputFingerprint fingerprint(UnaryOperator<InputFingerprint.Builder> change)
      throws IOException {
    InputFingerprint.Builder builder =
        InputFingerprint.builder()
            .protoRoot("source", sources)
            .protoRoot("import 0", imports)
            .setting("plugin", "0.1.0")
            .setting("protoc", "4.36.1")
            .setting("namespace", "io.restorecommerce")
            .setting("resources", List.of("Customer"))
            .setting("generateMessages", "true")
            .setting("outputDirectory", "/project/target/generated-sources/protoevents")
            .setting("messagesOutputDirectory", "/project/target/generated-sources/protobuf");
    return change.apply(builder).build();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
