package dev.protoevents.generator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming conventions protoevents enforces: events are named after entities, in the past tense
 * ({@code OrderCompleted}, not {@code CompleteOrder} or {@code OrderServiceUpdated}), and resource
 * topics are named {@code <namespace>.<resource>.resource}.
 */
public final class NamingRules {
  /**
   * Words that name a piece of software rather than a domain entity when they head a compound
   * ({@code OrderService}, {@code CartManager}). Words that are often the entity itself ({@code
   * Server}, {@code Worker}, {@code Gateway}, {@code Processor}) are not among them.
   */
  private static final Set<String> SERVICE_WORDS =
      Set.of(
          "Service",
          "Services",
          "Svc",
          "Srv",
          "Microservice",
          "Manager",
          "Handler",
          "Controller",
          "Daemon",
          "Backend",
          "Api",
          "API");

  /** Compounds ending in a service word that name an entity, not a piece of software. */
  private static final Set<String> ENTITY_COMPOUNDS =
      Set.of(
          "AccountManager",
          "ProjectManager",
          "ProductManager",
          "PropertyManager",
          "CaseManager",
          "LineManager",
          "StoreManager",
          "CustomerService");

  /** Words that say what kind of message a name is rather than what happened. */
  private static final Set<String> MESSAGE_KIND_WORDS =
      Set.of("Event", "Evt", "Command", "Cmd", "Request", "Req", "Message", "Msg");

  private static final Pattern WORD = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+");
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private NamingRules() {}

  /** Splits a CamelCase name into words: {@code OrderHTTPUpdated} to [Order, HTTP, Updated]. */
  public static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    var matcher = WORD.matcher(name);
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }

  /**
   * The word that names a service, if the entity {@code name} speaks of is a piece of software:
   * {@code OrderServiceUpdated} ({@code Service}), {@code CartManager}; but not {@code
   * ApiKeyRevoked}, {@code ServerProvisioned} or {@code ServiceAccountCreated}, where the word is
   * part of the entity. Reads the subject of an event name (the words before its verb) or a whole
   * resource name.
   */
  public static Optional<String> serviceWord(String name) {
    List<String> subject = subject(words(name));
    if (subject.size() < 2) {
      return Optional.empty(); // the word alone is the entity: ManagerAssigned, ServiceBooked
    }
    String head = subject.get(subject.size() - 1);
    String compound = subject.get(subject.size() - 2) + head;
    if (SERVICE_WORDS.contains(head) && !ENTITY_COMPOUNDS.contains(compound)) {
      return Optional.of(head);
    }
    return Optional.empty();
  }

  /**
   * True if {@code name} says what happened to an entity, in the past tense: an entity, then a past
   * participle, optionally a particle ({@code UserLoggedIn}, {@code OrderSetUp}), an adverb ({@code
   * OrderPlacedOnline}), a phrase ({@code OrderCancelledByCustomer}) and a version suffix ({@code
   * OrderCreatedV2}).
   */
  public static boolean isPastTense(String name) {
    return verbIndex(withoutVersion(words(name))) >= 1;
  }

  /**
   * The index of the participle that says what happened, or -1: the last word, or the word before a
   * trailing particle or adverb, or the word before the first preposition after the subject.
   */
  private static int verbIndex(List<String> words) {
    if (words.size() < 2) {
      return -1; // an event names the entity and what happened to it
    }
    for (int i = 1; i < words.size(); i++) {
      if (EnglishWords.isParticiple(words.get(i)) && restIsModifier(words, i + 1)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the words from {@code from} on only modify the verb before them. */
  private static boolean restIsModifier(List<String> words, int from) {
    int i = from;
    if (i < words.size() && EnglishWords.isParticle(words.get(i))) {
      i++;
    }
    if (i < words.size() && EnglishWords.isAdverb(words.get(i))) {
      i++;
    }
    if (i == words.size()) {
      return true;
    }
    return EnglishWords.isPreposition(words.get(i)) && i + 1 < words.size();
  }

  /**
   * The words naming the entity: those before the first verb (a participle, a base verb or a verb
   * noun such as {@code Login}) after the first word, without kind and version words.
   */
  private static List<String> subject(List<String> words) {
    List<String> core = withoutVersion(withoutKindWord(words));
    for (int i = 1; i < core.size(); i++) {
      String word = core.get(i);
      if (SERVICE_WORDS.contains(word)) {
        continue;
      }
      if (EnglishWords.isParticiple(word)
          || EnglishWords.isBaseVerb(word)
          || EnglishWords.pastPhraseOf(word).isPresent()) {
        return core.subList(0, i);
      }
    }
    return core;
  }

  /**
   * A past-tense name to suggest for {@code name}: {@code CreateOrder} to {@code OrderCreated},
   * {@code BorrowBook} to {@code BookBorrowed}, {@code OrderUpdate} to {@code OrderUpdated}, {@code
   * UserLogin} to {@code UserLoggedIn}, {@code PaymentSucceed} to {@code PaymentSucceeded}; empty
   * when no guess is good enough.
   */
  public static Optional<String> suggestPastTense(String name) {
    List<String> all = words(name);
    List<String> version = all.subList(withoutVersion(all).size(), all.size());
    List<String> words = new ArrayList<>(withoutVersion(withoutKindWord(withoutVersion(all))));
    if (words.size() < 2 && !words.isEmpty() && EnglishWords.pastPhraseOf(words.get(0)).isEmpty()) {
      return Optional.empty();
    }
    Optional<List<String>> fixed = pastTenseWords(words);
    return fixed
        .filter(w -> w.size() >= 2 && isPastTense(String.join("", w)))
        .map(w -> String.join("", w) + String.join("", version));
  }

  private static Optional<List<String>> pastTenseWords(List<String> words) {
    if (words.size() < 2) {
      return Optional.empty();
    }
    if (verbIndex(words) >= 1) {
      return Optional.of(words);
    }
    String first = words.get(0);
    String last = words.get(words.size() - 1);
    int n = words.size();
    // UserLogIn, UserCheckIn: a phrasal verb in the present tense.
    if (n >= 3 && EnglishWords.isParticle(last) && EnglishWords.isBaseVerb(words.get(n - 2))) {
      List<String> out = new ArrayList<>(words.subList(0, n - 2));
      out.add(EnglishWords.participle(words.get(n - 2)));
      out.add(last);
      return Optional.of(out);
    }
    boolean verbInside =
        words.subList(1, n - 1).stream()
            .anyMatch(w -> EnglishWords.isBaseVerb(w) && !EnglishWords.readsAsNounFirst(w));
    // OrderUpdate, PaymentSucceed: a present-tense verb after the entity.
    if (EnglishWords.isBaseVerb(last)
        && !verbInside
        && (!EnglishWords.isBaseVerb(first) || EnglishWords.readsAsNounFirst(first))) {
      List<String> out = new ArrayList<>(words.subList(0, words.size() - 1));
      out.add(EnglishWords.participle(last));
      return Optional.of(out);
    }
    // BorrowBook, SignUpUser, AddItemToCart: an imperative; the verb goes after the entity.
    if (EnglishWords.isBaseVerb(first)
        && (!EnglishWords.readsAsNounFirst(first) || EnglishWords.isParticle(words.get(1)))) {
      List<String> rest = new ArrayList<>(words.subList(1, words.size()));
      List<String> verb = new ArrayList<>(List.of(EnglishWords.participle(first)));
      if (!rest.isEmpty() && EnglishWords.isParticle(rest.get(0))) {
        verb.add(rest.remove(0));
      }
      int phrase = 0;
      while (phrase < rest.size() && !EnglishWords.isPreposition(rest.get(phrase))) {
        phrase++;
      }
      if (phrase == 0) {
        return Optional.empty();
      }
      List<String> out = new ArrayList<>(rest.subList(0, phrase));
      out.addAll(verb);
      out.addAll(rest.subList(phrase, rest.size()));
      return Optional.of(out);
    }
    // UserLogin, OrderCreation, PaymentProcessing, PaymentSucceeds.
    Optional<List<String>> phrase = EnglishWords.pastPhraseOf(last);
    if (phrase.isPresent()) {
      List<String> out = new ArrayList<>(words.subList(0, words.size() - 1));
      out.addAll(phrase.get());
      return Optional.of(out);
    }
    return Optional.empty();
  }

  /** {@code words} without a trailing version suffix ({@code V2}). */
  private static List<String> withoutVersion(List<String> words) {
    int n = words.size();
    if (n >= 3 && words.get(n - 1).matches("[0-9]+") && words.get(n - 2).equals("V")) {
      return words.subList(0, n - 2);
    }
    if (n >= 3 && words.get(n - 1).matches("[0-9]+") && words.get(n - 2).equals("Version")) {
      return words.subList(0, n - 2);
    }
    return words;
  }

  /** {@code words} without a trailing {@code Event}, {@code Command}, ... if more words remain. */
  private static List<String> withoutKindWord(List<String> words) {
    List<String> out = new ArrayList<>(words);
    while (out.size() > 2 && MESSAGE_KIND_WORDS.contains(out.get(out.size() - 1))) {
      out.remove(out.size() - 1);
    }
    while (out.size() > 2 && MESSAGE_KIND_WORDS.contains(out.get(0))) {
      out.remove(0);
    }
    return out;
  }

  /**
   * {@code name} without its service word, for fix suggestions ({@code OrderServiceUpdated} to
   * {@code OrderUpdated}).
   */
  public static String withoutServiceWords(String name) {
    Optional<String> word = serviceWord(name);
    if (word.isEmpty()) {
      return name;
    }
    StringBuilder out = new StringBuilder();
    boolean dropped = false;
    for (String w : words(name)) {
      if (!dropped && w.equals(word.get())) {
        dropped = true;
      } else {
        out.append(w);
      }
    }
    return out.toString();
  }

  /**
   * What is wrong with {@code name} as the name of a domain event, if anything: the tag ({@code
   * event-named-after-service} or {@code event-not-past-tense}) and a suggested name, if there is a
   * good one.
   *
   * @param tag stable tag of the rule broken
   * @param suggestion a name that follows the rules, if one can be guessed
   */
  public record Violation(String tag, Optional<String> suggestion) {}

  /** Checks {@code name} as a domain event name; empty if it follows the rules. */
  public static Optional<Violation> checkEventName(String name) {
    if (serviceWord(name).isPresent()) {
      String fixed = withoutServiceWords(name);
      Optional<String> suggestion =
          isPastTense(fixed) ? Optional.of(fixed) : suggestPastTense(fixed);
      return Optional.of(new Violation("event-named-after-service", suggestion));
    }
    if (!isPastTense(name)) {
      return Optional.of(new Violation("event-not-past-tense", suggestPastTense(name)));
    }
    return Optional.empty();
  }

  /** The snake_case form of a message name: {@code CartItem} to {@code cart_item}. */
  public static String snakeCase(String name) {
    List<String> words = words(name);
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (out.length() > 0) {
        out.append('_');
      }
      out.append(word.toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** True for a resource name that may stand in a topic: lower snake_case. */
  public static boolean isSnakeCase(String name) {
    return SNAKE_CASE.matcher(name).matches();
  }

  /**
   * True for a namespace of dot-separated lower snake_case segments ({@code io.restorecommerce}).
   */
  public static boolean isNamespace(String namespace) {
    return NAMESPACE.matcher(namespace).matches();
  }

  /** The conventional topic of a resource: {@code <namespace>.<resource>.resource}. */
  public static String topic(String namespace, String resourceName) {
    return namespace + "." + resourceName + ".resource";
  }

  /** True if {@code topic} is {@code <some namespace>.<resourceName>.resource}. */
  public static boolean followsTopicPattern(String topic, String resourceName) {
    String suffix = "." + resourceName + ".resource";
    return topic.endsWith(suffix)
        && isNamespace(topic.substring(0, topic.length() - suffix.length()));
  }

  /** Why Kafka would refuse {@code topic} as a topic name, if it would. */
  public static Optional<String> invalidTopicName(String topic) {
    if (topic.equals(".") || topic.equals("..")) {
      return Optional.of("'" + topic + "' is reserved");
    }
    if (!KAFKA_TOPIC.matcher(topic).matches()) {
      return Optional.of(
          "a Kafka topic name has 1 to 249 characters from [a-zA-Z0-9._-], but '"
              + topic
              + "' does not");
    }
    return Optional.empty();
  }
}
