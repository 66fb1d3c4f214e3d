package dev.protoevents.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpToDateCheckTest {
  static final InputFingerprint INPUTS = new InputFingerprint("a".repeat(64), 2);
  static final InputFingerprint CHANGED = new InputFingerprint("b".repeat(64), 2);

  @TempDir Path dir;
  Path stateFile;
  List<Path> outputs;
  UpToDateCheck check;

  @BeforeEach
  void setUp() throws IOException {
    stateFile = dir.resolve("target/protoevents/inputs.sha256");
    outputs = List.of(dir.resolve("events"), dir.resolve("messages"));
    for (Path output : outputs) {
      Files.createDirectories(output);
    }
    check = new UpToDateCheck(stateFile);
  }

  @Test
  void firstRunRegenerates() throws IOException {
    assertEquals(Optional.of("no previous run"), check.reasonToRegenerate(INPUTS, outputs));
  }

  @Test
  void runWithTheRememberedInputsIsUpToDate() throws IOException {
    check.remember(INPUTS);

    assertEquals(Optional.empty(), check.reasonToRegenerate(INPUTS, outputs));
  }

  @Test
  void stateFileStartsWithItsFormatVersion() throws IOException {
    check.remember(INPUTS);

    assertEquals(List.of(UpToDateCheck.FORMAT, INPUTS.sha256()), Files.readAllLines(stateFile));
  }

  @Test
  void changedInputsRegenerate() throws IOException {
    check.remember(INPUTS);

    assertEquals(Optional.of("inputs changed"), check.reasonToRegenerate(CHANGED, outputs));
  }

  @Test
  void deletedOutputDirectoryRegenerates() throws IOException {
    check.remember(INPUTS);
    Files.delete(outputs.get(1));

    assertEquals(
        Optional.of("output missing: " + outputs.get(1)),
        check.reasonToRegenerate(INPUTS, outputs));
  }

  @Test
  void stateOfAnotherFormatIsIgnored() throws IOException {
    Files.createDirectories(stateFile.getParent());
    Files.writeString(stateFile, "protoevents-inputs-v0\n" + INPUTS.sha256() + "\n");

    assertEquals(
        Optional.of("no previous run in this format"), check.reasonToRegenerate(INPUTS, outputs));
  }

  @Test
  void forgottenStateRegenerates() throws IOException {
    check.remember(INPUTS);

    check.forget();

    assertEquals(Optional.of("no previous run"), check.reasonToRegenerate(INPUTS, outputs));
  }
}
