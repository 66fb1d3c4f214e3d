package dev.protoevents.maven.internal;

import dev.protoevents.generator.ProtoeventsBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A SHA-256 over everything a generation run depends on: the relative paths and contents of the
 * .proto files in every source and import directory, and the settings (plugin and protoc version,
 * namespace, output directories, ...). Equal fingerprints mean a new run would write the same
 * files.
 *
 * <pre>{@code
 * InputFingerprint fingerprint = InputFingerprint.builder()
 *     .protoRoot("source", sourceDirectory)
 *     .setting("namespace", namespace)
 *     .build();
 * }</pre>
 *
 * @param sha256 the fingerprint as lower-case hex
 * @param protoFileCount number of .proto files in all directories together
 */
public record InputFingerprint(String sha256, int protoFileCount) {

  /** Checks the hash looks like one. */
  public InputFingerprint {
    Objects.requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
    }
  }

  /** Starts collecting the inputs of a run. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects directories and settings; the order of directories counts, that of settings not. */
  public static final class Builder {
    private final List<Map.Entry<String, Path>> protoRoots = new ArrayList<>();
    private final Map<String, List<String>> settings = new TreeMap<>();

    private Builder() {}

    /**
     * Adds the .proto files under {@code directory}; {@code role} (e.g. {@code source}, {@code
     * import 1}) tells it apart from the other directories. A missing directory adds nothing but
     * its role.
     */
    public Builder protoRoot(String role, Path directory) {
      protoRoots.add(Map.entry(Objects.requireNonNull(role, "role"), directory));
      return this;
    }

    /** Adds a setting; a later value for the same key replaces the earlier one. */
    public Builder setting(String key, String value) {
      return setting(key, List.of(value));
    }

    /** Adds a setting with several values, whose order counts. */
    public Builder setting(String key, List<String> values) {
      settings.put(Objects.requireNonNull(key, "key"), List.copyOf(values));
      return this;
    }

    /** Reads the .proto files and computes the fingerprint. */
    public InputFingerprint build() throws IOException {
      MessageDigest digest = sha256();
      int protoFileCount = 0;
      for (Map.Entry<String, Path> root : protoRoots) {
        List<String> files = ProtoeventsBuild.protoFiles(root.getValue());
        update(digest, "root");
        update(digest, root.getKey());
        update(digest, files.size());
        for (String file : files) {
          update(digest, file);
          byte[] content = Files.readAllBytes(root.getValue().resolve(file));
          update(digest, content.length);
          digest.update(content);
        }
        protoFileCount += files.size();
      }
      for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
        update(digest, "setting");
        update(digest, setting.getKey());
        update(digest, setting.getValue().size());
        for (String value : setting.getValue()) {
          update(digest, value);
        }
      }
      return new InputFingerprint(HexFormat.of().formatHex(digest.digest()), protoFileCount);
    }

    // Every string is length-prefixed so that no two different inputs hash the same bytes.
    private static void update(MessageDigest digest, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      update(digest, bytes.length);
      digest.update(bytes);
    }

    private static void update(MessageDigest digest, int number) {
      digest.update(
          new byte[] {
            (byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8), (byte) number
          });
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }
  }
}
