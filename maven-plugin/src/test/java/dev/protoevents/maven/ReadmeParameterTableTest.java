package dev.protoevents.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * README's parameter table says what Maven will do: each row's parameter, {@code -D} property and
 * default equal the plugin descriptor ({@code META-INF/maven/plugin.xml}) that Maven configures the
 * Mojo from, and no user parameter is missing from the table.
 */
class ReadmeParameterTableTest {
  private static final Path README = Path.of("..", "README.md");

  /** One row: {@code -D} property and default as the descriptor would spell them. */
  record Row(String property, String defaultValue) {}

  /** README's rows, defaults normalised ("none" and prose defaults count as no default). */
  static Map<String, Row> readmeRows() throws Exception {
    List<String> lines = Files.readAllLines(README);
    int header = lines.indexOf("| parameter | `-D` property | default | meaning |");
    assertTrue(header >= 0, "README has no parameter table");
    Map<String, Row> rows = new TreeMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String name = cells[1].strip().replace("`", "");
      String property = cells[2].strip().replace("`", "");
      String value = cells[3].strip();
      String defaultValue =
          value.startsWith("`") && value.endsWith("`")
              ? value.substring(1, value.length() - 1)
              : null; // "none", or prose such as "the plugin's protobuf version (4.36.1)"
      rows.put(name, new Row(property, defaultValue));
    }
    return rows;
  }

  /** The generate goal's user-settable parameters as plugin.xml declares them. */
  static Map<String, Row> descriptorRows() throws Exception {
    Document plugin;
    try (InputStream in =
        ReadmeParameterTableTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
      assertTrue(in != null, "no plugin descriptor on the test class path");
      plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      if (!"generate".equals(mojo.getElementsByTagName("goal").item(0).getTextContent())) {
        continue;
      }
      Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
      Map<String, Row> rows = new TreeMap<>();
      for (Node node = configuration.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element parameter && !parameter.getTextContent().isEmpty()) {
          String property = parameter.getTextContent().replaceAll("^\\$\\{(.*)}$", "$1");
          String defaultValue =
              parameter.hasAttribute("default-value")
                  ? parameter
                      .getAttribute("default-value")
                      .replace("${project.basedir}/", "")
                      .replace("${project.build.directory}", "target")
                  : null;
          rows.put(parameter.getTagName(), new Row(property, defaultValue));
        }
      }
      return rows;
    }
    throw new AssertionError("plugin.xml has no generate goal");
  }

  @Test
  void everyParameterPropertyAndDefaultInReadmeIsWhatMavenUses() throws Exception {
    Map<String, Row> descriptor = descriptorRows();
    assertEquals(10, descriptor.size(), descriptor::toString);
    assertEquals(descriptor, readmeRows());
  }
}
