package org.replearn.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Command-line ids of enum constants, for closed sets in library configs: the constant's name in
 * lower case with '-' for '_' ({@code INFONCE_PWE} is {@code infonce-pwe}), and the inverse with an
 * error that lists the allowed ids.
 */
public final class EnumIds {
  private EnumIds() {}

  /** The id of {@code constant}. */
  public static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} whose id is {@code id}.
   *
   * @param input the name of the input, for the error
   * @throws InvalidInputException naming {@code input}, the allowed ids and {@code id}
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String input, String id) {
    for (E constant : type.getEnumConstants()) {
      if (id(constant).equals(id)) {
        return constant;
      }
    }
    throw InvalidInputException.of(
        input,
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(EnumIds::id)
                .collect(Collectors.joining(", ")),
        id);
  }
}
