package org.replearn.core;

/**
 * Bad input from a user: an impossible setting, a missing or malformed file. The message names the
 * input, the rule it breaks and the value found, e.g. {@code "epsilon must be > 0, found -0.1"}.
 * The CLI turns it into exit code 2 and a one-line message.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The input at fault when the message starts with it ({@link #of}), else null. */
  private final String input;

  /** Creates an exception with a message already in the form "input rule, found value". */
  public InvalidInputException(String message) {
    this(null, message, null);
  }

  /** Creates an exception with a cause (shown only with {@code --debug}). */
  public InvalidInputException(String message, Throwable cause) {
    this(null, message, cause);
  }

  private InvalidInputException(String input, String message, Throwable cause) {
    super(message, cause);
    this.input = input;
  }

  /**
   * The input at fault as the library names it (a field or argument such as {@code "learningRate"},
   * or several joined by operators such as {@code "batch ^ views"}), when the exception was made by
   * {@link #of}; null otherwise. A front end that knows the input under another name (the CLI's
   * flags) rewords the message with {@link #messageNaming}.
   */
  public String input() {
    return input;
  }

  /**
   * The message with the input named {@code name} instead: {@code "<name> <rule>, found <value>"}.
   * Exceptions without a known {@link #input()} return their message unchanged.
   */
  public String messageNaming(String name) {
    return input == null ? getMessage() : name + getMessage().substring(input.length());
  }

  /**
   * Builds the standard message: {@code "<input> <rule>, found <value>"}.
   *
   * @param input the field, argument or file at fault, e.g. {@code "epsilon"}: library code names
   *     its own fields and arguments, the CLI maps them to its flags
   * @param rule what it must satisfy, e.g. {@code "must be > 0"}
   * @param value what was found
   */
  public static InvalidInputException of(String input, String rule, Object value) {
    return new InvalidInputException(input, input + " " + rule + ", found " + value, null);
  }

  /** As {@link #of(String, String, Object)}, keeping the low-level cause for {@code --debug}. */
  public static InvalidInputException of(String input, String rule, Object value, Throwable cause) {
    return new InvalidInputException(input, input + " " + rule + ", found " + value, cause);
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

  /** Throws {@code "<input> must be > 0, found <value>"} unless {@code value > 0}. */
  public static void requirePositive(long value, String input) {
    require(value > 0, input, "must be > 0", value);
  }

  /** Throws {@code "<input> must be > 0, found <value>"} unless {@code value > 0} (NaN is not). */
  public static void requirePositive(double value, String input) {
    require(value > 0, input, "must be > 0", value);
  }

  /** Throws {@code "<input> must be >= <min>, found <value>"} unless {@code value >= min}. */
  public static void requireAtLeast(long value, long min, String input) {
    require(value >= min, input, "must be >= " + min, value);
  }

  /**
   * Throws {@code "<input> must be >= 0, found <value>"} unless {@code value >= 0} (NaN is not).
   */
  public static void requireNonNegative(double value, String input) {
    require(value >= 0, input, "must be >= 0", value);
  }

  /**
   * Throws {@code "<input> must be in <min>..<max>, found <value>"} unless {@code min <= value <=
   * max}.
   */
  public static void requireBetween(long value, long min, long max, String input) {
    require(value >= min && value <= max, input, "must be in " + min + ".." + max, value);
  }

  /** Throws {@code "<input> must be finite and > 0, found <value>"} unless it is. */
  public static void requireFinitePositive(double value, String input) {
    require(value > 0 && Double.isFinite(value), input, "must be finite and > 0", value);
  }

  /** Throws {@code "<input> must be finite and >= 0, found <value>"} unless it is. */
  public static void requireFiniteNonNegative(double value, String input) {
    require(value >= 0 && Double.isFinite(value), input, "must be finite and >= 0", value);
  }

  /**
   * Returns {@code value}, or throws {@code "<input> must be set, found nothing"} when it is null:
   * the check of a builder's required setting.
   */
  public static <T> T requireSet(T value, String input) {
    require(value != null, input, "must be set", "nothing");
    return value;
  }
}
