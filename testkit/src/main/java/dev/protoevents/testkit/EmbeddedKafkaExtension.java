package dev.protoevents.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared {@link EmbeddedKafka} broker into test constructor,
 * test method, lifecycle method ({@code @BeforeAll}, {@code @BeforeEach}, ...) parameters.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class) // or @EmbeddedKafkaTest
 * class OrderFlowTest {
 *   @Test
 *   void orderCreatedReachesBilling(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * <p>One broker serves every test class of the JVM: it starts when a test first asks for it and
 * stops when the whole test run ends, because each start costs about two seconds. Tests therefore
 * see each other's topics and consumer groups and must use unique names for both ({@link
 * EmbeddedKafka#uniqueName}). Requires JUnit Jupiter 5.13 or later, which closes {@link
 * AutoCloseable} values of the root store at the end of the run.
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

  /** Created by JUnit through {@code @ExtendWith}. */
  public EmbeddedKafkaExtension() {}

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return sharedBroker(extensionContext);
  }

  /**
   * The broker shared by every test of this JVM, started on first use. The root store's lock makes
   * concurrent first uses (parallel test execution) start only one broker.
   */
  static EmbeddedKafka sharedBroker(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            EmbeddedKafka.class, type -> EmbeddedKafka.start(), EmbeddedKafka.class);
  }
}
