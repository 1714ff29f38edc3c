package org.replearn.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replearn.core.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Rewords the library's errors for the command line. Library code names its own fields and
 * arguments ({@code "learningRate must be > 0, found -1"}); the user of a command typed flags, so
 * the message names the flag of the command that failed ({@code "--lr must be > 0, found -1"}).
 *
 * <p>A field name {@code f} becomes, for the failing command, the first of these that the command
 * has as an option: {@code --} plus {@code f} in kebab case ({@code clipNorm} to {@code
 * --clip-norm}), then the aliases in {@link #ALIASES} (the CLI's shorter flags, e.g. {@code
 * learningRate} to {@code --lr}). An input made of several fields joined by an operator ({@code
 * "batch ^ views"}, {@code "stateDim / metricDim"}) is mapped field by field. Inputs that are no
 * field name of the command (a file, {@code "view 2"}) stay as they are.
 */
final class FlagNames {
  /** Library field names whose flag is not their kebab-case form, with the candidate flags. */
  static final Map<String, List<String>> ALIASES =
      Map.of(
          "learningRate", List.of("--lr"),
          "batchSize", List.of("--batch"),
          "clipNorm", List.of("--clip"),
          "encoder", List.of("--encoders", "--supervised"),
          "pcaDimension", List.of("--pca"),
          "mainSteps", List.of("--steps"),
          "store", List.of("--out"));

  private static final Pattern FIELD = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Pattern OPERATOR = Pattern.compile(" [\\^/*x] ");

  private FlagNames() {}

  /** The message of {@code e} naming the flags of {@code command} in place of field names. */
  static String message(InvalidInputException e, CommandSpec command) {
    String input = e.input();
    if (input == null) {
      return e.getMessage();
    }
    StringBuilder named = new StringBuilder();
    Matcher op = OPERATOR.matcher(input);
    int from = 0;
    while (op.find()) {
      String flag = flag(input.substring(from, op.start()), command);
      if (flag == null) {
        return e.getMessage();
      }
      named.append(flag).append(op.group());
      from = op.end();
    }
    String flag = flag(input.substring(from), command);
    return flag == null ? e.getMessage() : e.messageNaming(named.append(flag).toString());
  }

  /** The flag of {@code command} for library field {@code field}, or null if it has none. */
  static String flag(String field, CommandSpec command) {
    if (!FIELD.matcher(field).matches()) {
      return null;
    }
    String kebab = "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    if (command.findOption(kebab) != null) {
      return kebab;
    }
    for (String alias : ALIASES.getOrDefault(field, List.of())) {
      if (command.findOption(alias) != null) {
        return alias;
      }
    }
    return null;
  }
}
