package dev.protoevents.maven.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The versions this plugin was built with, read from {@code protoevents-maven-plugin.properties}
 * (filtered by the plugin's own build).
 *
 * <pre>{@code
 * String protoc = PluginBuildInfo.load().protobufVersion();
 * }</pre>
 *
 * @param pluginVersion version of protoevents-maven-plugin
 * @param protobufVersion protobuf version the plugin and the runtime were built with; the default
 *     protoc version
 */
public record PluginBuildInfo(String pluginVersion, String protobufVersion) {
  private static final String RESOURCE = "protoevents-maven-plugin.properties";

  /** Reads the properties file shipped in the plugin jar. */
  public static PluginBuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = PluginBuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the plugin's classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new PluginBuildInfo(
        required(properties, "version"), required(properties, "protobuf.version"));
  }

  /**
   * What identifies the generating code for the up-to-date check: the plugin version, and for a
   * SNAPSHOT also the contents of the plugin and generator jars, so that a rebuilt SNAPSHOT
   * regenerates without a {@code clean}.
   */
  public String codeIdentity() {
    if (!pluginVersion.endsWith("-SNAPSHOT")) {
      return pluginVersion;
    }
    StringBuilder identity = new StringBuilder(pluginVersion);
    for (Class<?> type :
        new Class<?>[] {PluginBuildInfo.class, dev.protoevents.generator.ProtoeventsBuild.class}) {
      identity.append(' ').append(jarDigest(type));
    }
    return identity.toString();
  }

  private static String jarDigest(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "?";
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return "dir"; // classes directory (IDE, tests): the version alone has to do
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(location)));
    } catch (URISyntaxException | IOException | IllegalArgumentException e) {
      return "?";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(RESOURCE + " has no value for " + key);
    }
    return value.trim();
  }
}
