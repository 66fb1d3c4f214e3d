package dev.protoevents.maven.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocResolverTest {

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource({
    "Linux, amd64, linux-x86_64",
    "Linux, x86_64, linux-x86_64",
    "Linux, aarch64, linux-aarch_64",
    "Mac OS X, x86_64, osx-x86_64",
    "Mac OS X, aarch64, osx-aarch_64",
    "Darwin, arm64, osx-aarch_64",
    "Windows 11, amd64, windows-x86_64",
    "Windows Server 2022, x86_64, windows-x86_64",
    "Windows 11, aarch64, windows-x86_64",
  })
  void classifierMatchesTheNamesProtocIsPublishedUnder(
      String osName, String osArch, String expected) throws MojoExecutionException {
    assertEquals(expected, ProtocResolver.classifierFor(osName, osArch));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({"Linux, ppc64le", "Linux, s390x", "SunOS, sparcv9", "FreeBSD, amd64"})
  void unsupportedPlatformFailsWithTheSupportedList(String osName, String osArch) {
    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class, () -> ProtocResolver.classifierFor(osName, osArch));
    assertTrue(e.getMessage().contains("os.name=" + osName), e.getMessage());
    assertTrue(e.getMessage().contains("os.arch=" + osArch), e.getMessage());
    assertTrue(e.getMessage().contains("linux-x86_64, linux-aarch_64"), e.getMessage());
  }

  @Test
  void installedCopyIsExecutable(@TempDir Path dir) throws Exception {
    // Given a protoc file in the local repository, without execute permission
    Path source = Files.write(dir.resolve("protoc-4.36.1-linux-x86_64.exe"), new byte[] {1, 2, 3});
    source.toFile().setExecutable(false, false);

    // When it is installed into the work directory
    Path target = ProtocResolver.installExecutable(source, dir.resolve("work/protoc/protoc.exe"));

    // Then the copy has the same bytes and can be executed
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
    assertTrue(Files.isExecutable(target));
  }

  @Test
  void copyOfTheSameSizeIsKept(@TempDir Path dir) throws Exception {
    Path source = Files.write(dir.resolve("source.exe"), new byte[] {1, 2, 3});
    Path target = ProtocResolver.installExecutable(source, dir.resolve("protoc.exe"));
    FileTime installed = FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(target, installed);

    ProtocResolver.installExecutable(source, target);

    assertEquals(installed, Files.getLastModifiedTime(target));
  }

  @Test
  void copyOfAnotherSizeIsReplaced(@TempDir Path dir) throws Exception {
    Path target = Files.write(dir.resolve("protoc.exe"), new byte[] {9});
    Path source = Files.write(dir.resolve("source.exe"), new byte[] {1, 2, 3});

    ProtocResolver.installExecutable(source, target);

    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertTrue(Files.isExecutable(target));
  }
}
