package org.replearn.core;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum known by its {@link EnumIds#id(Enum) default id} on the command line, in results and in
 * files: Jackson writes a constant as its id. The enum adds {@code toString()} returning {@link
 * #id()} (an interface cannot) and a static {@code parse(String)} through {@link
 * EnumIds#parse(Class, String, String)}, the {@code @JsonCreator} that reads it back.
 */
public interface IdEnum {
  /** The constant's name, as every enum has it. */
  String name();

  /** The name in lower case with '-' for '_': {@code INFONCE_PWE} is {@code infonce-pwe}. */
  @JsonValue
  default String id() {
    return EnumIds.id((Enum<?>) this);
  }
}
