package org.replearn.core;

/**
 * Bad input from a user: an impossible setting, a missing or malformed file. The message names the
 * input, the rule it breaks and the value found, e.g. {@code "epsilon must be > 0, found -0.1"}.
 * The CLI turns it into exit code 2 and a one-line message.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message already in the form "input rule, found value". */
  public InvalidInputException(String message) {
    super(message);
  }

  /** Creates an exception with a cause (shown only with {@code --debug}). */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Builds the standard message: {@code "<input> <rule>, found <value>"}.
   *
   * @param input the option, field or file at fault, e.g. {@code "--epsilon"}
   * @param rule what it must satisfy, e.g. {@code "must be > 0"}
   * @param value what was found
   */
  public static InvalidInputException of(String input, String rule, Object value) {
    return new InvalidInputException(input + " " + rule + ", found " + value);
  }

  /**
   * Throws {@link #of} unless {@code condition} holds.
   *
   * @return nothing; it throws when the condition fails
   */
  public static void require(boolean condition, String input, String rule, Object value) {
    if (!condition) {
      throw of(input, rule, value);
    }
  }
}
