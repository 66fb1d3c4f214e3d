package dev.protoevents.generator.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-wraps the Javadoc of a rendered source file to a line width, since JavaPoet writes Javadoc
 * lines as given and resource names make them arbitrarily long. Paragraphs, block tags and {@code
 * <pre>} blocks keep their shape; only the line breaks inside a paragraph move.
 */
final class JavadocWrapper {
  private JavadocWrapper() {}

  static String wrap(String source, int width) {
    String[] lines = source.split("\n", -1);
    List<String> out = new ArrayList<>(lines.length);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i++];
      out.add(line);
      if (!line.strip().equals("/**")) {
        continue;
      }
      String indent = line.substring(0, line.indexOf("/**"));
      List<String> body = new ArrayList<>();
      while (i < lines.length && !lines[i].strip().equals("*/")) {
        String content = lines[i++].substring(Math.min(lines[i - 1].length(), indent.length() + 2));
        body.add(content.startsWith(" ") ? content.substring(1) : content);
      }
      out.addAll(wrapBlock(body, indent + " * ", width));
    }
    return String.join("\n", out);
  }

  private static List<String> wrapBlock(List<String> body, String prefix, int width) {
    List<String> out = new ArrayList<>();
    List<String> paragraph = new ArrayList<>();
    boolean inPre = false;
    boolean tag = false;
    for (String line : body) {
      if (inPre || line.startsWith("<pre>")) {
        inPre = !line.startsWith("}</pre>") && !line.endsWith("</pre>");
        flush(paragraph, tag, prefix, width, out);
        out.add((prefix + line).stripTrailing());
        continue;
      }
      if (line.isBlank() || line.startsWith("@") || line.startsWith("<p>")) {
        flush(paragraph, tag, prefix, width, out);
        tag = line.startsWith("@");
        if (line.isBlank()) {
          out.add(prefix.stripTrailing());
          continue;
        }
      }
      paragraph.add(line.strip());
    }
    flush(paragraph, tag, prefix, width, out);
    return out;
  }

  private static void flush(
      List<String> paragraph, boolean tag, String prefix, int width, List<String> out) {
    if (paragraph.isEmpty()) {
      return;
    }
    String continuation = tag ? "    " : "";
    StringBuilder line = new StringBuilder(prefix);
    boolean first = true;
    for (String word : String.join(" ", paragraph).split(" +")) {
      if (!first && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line = new StringBuilder(prefix).append(continuation).append(word);
      } else {
        line.append(first ? "" : " ").append(word);
      }
      first = false;
    }
    out.add(line.toString());
    paragraph.clear();
  }
}
