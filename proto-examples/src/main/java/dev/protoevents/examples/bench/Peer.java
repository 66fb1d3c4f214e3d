package dev.protoevents.examples.bench;

import dev.protoevents.examples.bench.Rounds.Variant;
import java.util.Optional;

/**
 * A library a Java team would pick instead of protoevents, measured as a peer. The one
 * implementation, {@code SpringKafkaPeer}, is compiled only in the {@code bench} profile (the one
 * place spring-kafka is on the class path), so it is loaded by name.
 */
interface Peer extends AutoCloseable {
  String PEER_CLASS = "dev.protoevents.examples.bench.SpringKafkaPeer";

  /** The peer's publish variant, on a topic of its own, with a producer of its own. */
  Variant publisher(String topic);

  /** The peer's consume variant: each run a fresh group reads {@code bench.events} of topic. */
  Variant consumer(String topic);

  @Override
  void close();

  /** The peer, or empty when its class was not compiled (a build without {@code -Pbench}). */
  static Optional<Peer> load(Bench bench) throws ReflectiveOperationException {
    Class<?> type;
    try {
      type = Class.forName(PEER_CLASS);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of((Peer) type.getDeclaredConstructor(Bench.class).newInstance(bench));
  }
}
