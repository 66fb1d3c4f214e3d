package dev.protoevents.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PluginBuildInfoTest {

  @Test
  void defaultProtocVersionIsTheProtobufVersionTheBuildUsed() {
    PluginBuildInfo info = PluginBuildInfo.load();

    assertEquals(System.getProperty("protoevents.test.protobufVersion"), info.protobufVersion());
    assertTrue(info.pluginVersion().matches("\\d+\\.\\d+\\.\\d+.*"), info.pluginVersion());
  }

  @Test
  void codeIdentityStartsWithThePluginVersion() {
    PluginBuildInfo info = PluginBuildInfo.load();

    assertTrue(info.codeIdentity().startsWith(info.pluginVersion()), info.codeIdentity());
  }
}
