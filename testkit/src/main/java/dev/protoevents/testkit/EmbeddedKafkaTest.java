package dev.protoevents.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that uses the shared in-process Kafka broker: shorthand for
 * {@code @ExtendWith(EmbeddedKafkaExtension.class)}. Declare an {@link EmbeddedKafka} parameter to
 * receive it.
 *
 * <pre>{@code
 * @EmbeddedKafkaTest
 * class OrderFlowTest {
 *   @Test
 *   void orderCreatedReachesBilling(EmbeddedKafka kafka) {
 *     String topic = EmbeddedKafka.uniqueName("orders");
 *     kafka.createTopic(topic, 3);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The broker is shared by all tests of the JVM: use unique topic and consumer group names.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface EmbeddedKafkaTest {}
