package org.replearn.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Command-line ids of enum constants, for closed sets in library configs: by default the constant's
 * name in lower case with '-' for '_' ({@code INFONCE_PWE} is {@code infonce-pwe}), and the inverse
 * with an error that lists the allowed ids.
 */
public final class EnumIds {
  private EnumIds() {}

  /** The default id of {@code constant}. */
  public static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} whose default {@link #id(Enum) id} is {@code id}, in any case.
   *
   * @param input the name of the input, for the error
   * @throws InvalidInputException naming {@code input}, the allowed ids and {@code id}
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String input, String id) {
    return parse(type, EnumIds::id, input, id);
  }

  /**
   * The constant of {@code type} whose id, as {@code idOf} gives it in lower case, is {@code id} in
   * any case.
   *
   * @param idOf the id of each constant (lower case)
   * @param input the name of the input, for the error
   * @throws InvalidInputException {@code "<input> must be one of [<ids>], found <id>"}
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, Function<? super E, String> idOf, String input, String id) {
    String lower = id == null ? null : id.toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (idOf.apply(constant).equals(lower)) {
        return constant;
      }
    }
    throw InvalidInputException.of(
        input,
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(idOf)
                .collect(Collectors.joining(", ", "[", "]")),
        id);
  }
}
