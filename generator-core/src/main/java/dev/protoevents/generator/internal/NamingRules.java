package dev.protoevents.generator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming conventions protoevents enforces: events are named after entities, in the past tense
 * ({@code OrderCompleted}, not {@code CompleteOrder} or {@code OrderServiceUpdated}), and resource
 * topics are named {@code <namespace>.<resource>.resource}.
 */
public final class NamingRules {
  /** Words that name a piece of software rather than a domain entity. */
  private static final Set<String> SERVICE_WORDS =
      Set.of(
          "Service",
          "Services",
          "Svc",
          "Srv",
          "Server",
          "Manager",
          "Handler",
          "Controller",
          "Processor",
          "Worker",
          "Gateway",
          "Api",
          "Daemon",
          "Backend",
          "Microservice");

  /** Past participles that do not end in -ed. */
  private static final Set<String> IRREGULAR_PAST =
      Set.of(
          "Begun",
          "Bought",
          "Brought",
          "Built",
          "Caught",
          "Chosen",
          "Come",
          "Cut",
          "Done",
          "Drawn",
          "Driven",
          "Fed",
          "Found",
          "Frozen",
          "Given",
          "Gone",
          "Grown",
          "Held",
          "Hidden",
          "Hit",
          "Hung",
          "Kept",
          "Known",
          "Laid",
          "Led",
          "Left",
          "Lent",
          "Lost",
          "Made",
          "Met",
          "Overridden",
          "Paid",
          "Put",
          "Quit",
          "Read",
          "Rebuilt",
          "Reset",
          "Resent",
          "Ridden",
          "Risen",
          "Run",
          "Said",
          "Seen",
          "Sent",
          "Set",
          "Shown",
          "Shut",
          "Sold",
          "Spent",
          "Split",
          "Spun",
          "Stolen",
          "Struck",
          "Sworn",
          "Taken",
          "Taught",
          "Thought",
          "Thrown",
          "Told",
          "Torn",
          "Understood",
          "Undone",
          "Upheld",
          "Withdrawn",
          "Won",
          "Worn",
          "Written");

  /** Words that end in -ed but are not past tense. */
  private static final Set<String> NOT_PAST =
      Set.of("Bed", "Breed", "Embed", "Feed", "Need", "Red", "Seed", "Shed", "Speed", "Weed");

  /** Present-tense verbs that often start or end a wrongly named event, with their past tense. */
  private static final Map<String, String> VERBS =
      Map.ofEntries(
          Map.entry("Add", "Added"),
          Map.entry("Approve", "Approved"),
          Map.entry("Assign", "Assigned"),
          Map.entry("Cancel", "Cancelled"),
          Map.entry("Change", "Changed"),
          Map.entry("Close", "Closed"),
          Map.entry("Complete", "Completed"),
          Map.entry("Confirm", "Confirmed"),
          Map.entry("Create", "Created"),
          Map.entry("Delete", "Deleted"),
          Map.entry("Expire", "Expired"),
          Map.entry("Modify", "Modified"),
          Map.entry("Open", "Opened"),
          Map.entry("Pay", "Paid"),
          Map.entry("Place", "Placed"),
          Map.entry("Register", "Registered"),
          Map.entry("Reject", "Rejected"),
          Map.entry("Remove", "Removed"),
          Map.entry("Reserve", "Reserved"),
          Map.entry("Send", "Sent"),
          Map.entry("Ship", "Shipped"),
          Map.entry("Submit", "Submitted"),
          Map.entry("Update", "Updated"),
          Map.entry("Upsert", "Upserted"),
          Map.entry("Verify", "Verified"));

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

  /** The word that names a service, if {@code name} contains one ({@code OrderServiceUpdated}). */
  public static Optional<String> serviceWord(String name) {
    return words(name).stream().filter(SERVICE_WORDS::contains).findFirst();
  }

  /**
   * True if the last word of {@code name} is a past participle ({@code OrderShipped}, {@code
   * PaymentSent}).
   */
  public static boolean isPastTense(String name) {
    List<String> words = words(name);
    if (words.size() < 2) {
      return false; // an event names the entity and what happened to it
    }
    String last = words.get(words.size() - 1);
    if (IRREGULAR_PAST.contains(last)) {
      return true;
    }
    return last.length() > 2 && last.endsWith("ed") && !NOT_PAST.contains(last);
  }

  /**
   * A past-tense name to suggest for {@code name}: {@code CreateOrder} to {@code OrderCreated},
   * {@code OrderUpdate} to {@code OrderUpdated}; empty when no guess is good enough.
   */
  public static Optional<String> suggestPastTense(String name) {
    List<String> words = new ArrayList<>(words(name));
    words.removeIf(w -> w.equals("Event") || w.equals("Command") || w.equals("Request"));
    if (words.size() < 2) {
      return Optional.empty();
    }
    String first = words.get(0);
    String last = words.get(words.size() - 1);
    if (VERBS.containsKey(last)) {
      words.set(words.size() - 1, VERBS.get(last));
      return Optional.of(String.join("", words));
    }
    if (VERBS.containsKey(first)) {
      words.remove(0);
      words.add(VERBS.get(first));
      return Optional.of(String.join("", words));
    }
    if (isPastTense(String.join("", words))) {
      return Optional.of(String.join("", words));
    }
    return Optional.empty();
  }

  /**
   * {@code name} without its service word, for fix suggestions ({@code OrderServiceUpdated} to
   * {@code OrderUpdated}).
   */
  public static String withoutServiceWords(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : words(name)) {
      if (!SERVICE_WORDS.contains(word)) {
        out.append(word);
      }
    }
    return out.toString();
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
