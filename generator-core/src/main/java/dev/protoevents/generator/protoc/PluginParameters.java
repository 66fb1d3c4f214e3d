package dev.protoevents.generator.protoc;

import dev.protoevents.generator.BuildRequest;
import dev.protoevents.generator.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the protoc plugin, from protoc's parameter string ({@code
 * --protoevents_opt=namespace=com.acme.shop,resources=shop.Order+shop.Customer}): the same as the
 * Maven goal's {@code namespace} and {@code resources}. Pairs are separated by commas (protoc joins
 * several {@code --protoevents_opt} with commas); {@code resources} takes several names separated
 * by {@code +} and may be repeated.
 *
 * @param namespace topic namespace; default {@value BuildRequest#DEFAULT_NAMESPACE}
 * @param resources messages to treat as resources without options
 */
public record PluginParameters(String namespace, List<String> resources) {
  /** Copies the list. */
  public PluginParameters {
    resources = List.copyOf(resources);
  }

  /**
   * Parses protoc's parameter string.
   *
   * @throws IllegalArgumentException naming the bad pair and the accepted keys, tagged {@code
   *     [protoevents:invalid-plugin-parameter]}
   */
  public static PluginParameters parse(String parameter) {
    String namespace = BuildRequest.DEFAULT_NAMESPACE;
    List<String> resources = new ArrayList<>();
    for (String pair : parameter.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
      String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
      switch (key) {
        case "namespace" -> {
          if (value.isEmpty()) {
            throw invalid(pair, "namespace needs a value");
          }
          namespace = value;
        }
        case "resources" -> {
          for (String name : value.split("\\+")) {
            if (!name.isBlank()) {
              resources.add(name.strip());
            }
          }
        }
        default -> throw invalid(pair, "unknown setting '" + key + "'");
      }
    }
    return new PluginParameters(namespace, resources);
  }

  private static IllegalArgumentException invalid(String pair, String what) {
    return new IllegalArgumentException(
        new Diagnostic(
                "invalid-plugin-parameter",
                "protoevents plugin parameter (" + pair.strip() + ")",
                0,
                0,
                "",
                what + ".",
                "use --protoevents_opt=namespace=<namespace>,resources=<Message>+<Message>.")
            .format());
  }
}
