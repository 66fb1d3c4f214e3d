package dev.protoevents.generator.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.ExtensionRegistry;
import java.util.Optional;

/**
 * One kind of message option that declares resources and domain events: protoevents' own options
 * ({@link ProtoeventsOptionSource}) are one; another vocabulary (Restorecommerce's {@code
 * kafka_subscriber}) is added by implementing this interface and listing it in {@link
 * OptionsReader}. A source only reads: the {@link NamingValidator} and the {@link ModelBuilder}
 * check and map what it returns, whatever option it came from.
 */
public interface OptionSource {
  /**
   * Adds the extensions this source reads, so that descriptors parsed with the registry carry them
   * as typed fields rather than unknown ones.
   */
  void registerExtensions(ExtensionRegistry registry);

  /** The resource this source declares on {@code message}, if any. */
  Optional<ResourceDeclaration> resource(Descriptor message);

  /** The domain event this source declares on {@code message}, if any. */
  Optional<EventDeclaration> event(Descriptor message);

  /**
   * The reason this source gives for exempting {@code message} from the naming rules, if it has
   * one; a blank reason is reported as an error by the reader.
   */
  Optional<NamingExemption> namingExemption(Descriptor message);

  /**
   * An opt-out of the naming rules.
   *
   * @param reason why, as the user wrote it
   * @param optionNumber the extension's field number, to point at the option in errors
   */
  record NamingExemption(String reason, int optionNumber) {}
}
