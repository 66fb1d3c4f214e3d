package dev.protoevents.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mvn help:describe -Dplugin=dev.protoevents:protoevents-maven-plugin -Ddetail} (and {@code
 * mvn protoevents:help -Ddetail}) print the descriptions of the plugin descriptor: every goal and
 * every parameter of every goal has one, taken from its Javadoc.
 */
class PluginDescriptorTest {

  @Test
  void everyGoalAndEveryParameterHasADescription() throws Exception {
    // Given the plugin descriptor Maven reads
    Document plugin;
    try (InputStream in =
        PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
      assertTrue(in != null, "no plugin descriptor on the test class path");
      plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }

    // When every mojo and every parameter is checked for its description
    List<String> undocumented = new ArrayList<>();
    List<String> documented = new ArrayList<>();
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = text(mojo, "goal");
      if (text(mojo, "description").isBlank()) {
        undocumented.add(goal);
      }
      NodeList parameters = mojo.getElementsByTagName("parameter");
      for (int j = 0; j < parameters.getLength(); j++) {
        Element parameter = (Element) parameters.item(j);
        String name = goal + "." + text(parameter, "name");
        (text(parameter, "description").isBlank() ? undocumented : documented).add(name);
      }
    }

    // Then none lacks one (and the generate goal's parameters were among those checked)
    assertEquals(List.of(), undocumented);
    assertTrue(documented.contains("generate.namespace"), documented::toString);
  }

  private static String text(Element parent, String child) {
    NodeList nodes = parent.getElementsByTagName(child);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }
}
