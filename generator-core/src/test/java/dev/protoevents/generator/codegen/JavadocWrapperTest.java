package dev.protoevents.generator.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavadocWrapperTest {
  @Test
  void longParagraphsAndTagsAreWrappedWhilePreBlocksAndCodeStayAsTheyAre() {
    String source =
        String.join(
            "\n",
            "class A {",
            "  /**",
            "   * one two three four five six seven eight",
            "   *",
            "   * <pre>{@code",
            "   * a very long line of example code that must stay on its line",
            "   * }</pre>",
            "   *",
            "   * @param x alpha beta gamma delta epsilon",
            "   */",
            "  void f(int x) { String s = \"a long string that is code and not javadoc at all\"; }",
            "}");
    String expected =
        String.join(
            "\n",
            "class A {",
            "  /**",
            "   * one two three four",
            "   * five six seven",
            "   * eight",
            "   *",
            "   * <pre>{@code",
            "   * a very long line of example code that must stay on its line",
            "   * }</pre>",
            "   *",
            "   * @param x alpha beta",
            "   *     gamma delta",
            "   *     epsilon",
            "   */",
            "  void f(int x) { String s = \"a long string that is code and not javadoc at all\"; }",
            "}");
    assertEquals(expected, JavadocWrapper.wrap(source, 24));
  }
}
