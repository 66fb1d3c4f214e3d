package dev.protoevents.generator.codegen;

/** English indefinite articles for generated Javadoc ("an Order", "a Customer"). */
final class Articles {
  private Articles() {}

  static String of(String noun) {
    return !noun.isEmpty() && "AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
  }
}
