package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

class FlagNamesTest {

  @Command(name = "demo")
  static final class Demo {
    @Option(names = "--lr")
    double lr;

    @Option(names = "--clip-norm")
    double clipNorm;

    @Option(names = "--batch")
    int batch;

    @Option(names = "--views")
    int views;
  }

  private static final CommandSpec DEMO = new CommandLine(new Demo()).getCommandSpec();

  private static String reworded(InvalidInputException e) {
    return FlagNames.message(e, DEMO);
  }

  @Test
  void kebabCaseFlagWinsOverAlias() {
    assertEquals(
        "--clip-norm must be > 0, found -1.0",
        reworded(InvalidInputException.of("clipNorm", "must be > 0", -1.0)));
  }

  @Test
  void aliasNamesTheShorterFlag() {
    assertEquals(
        "--lr must be > 0, found -1",
        reworded(InvalidInputException.of("learningRate", "must be > 0", -1)));
  }

  @Test
  void everyFieldOfACompositeInputIsMapped() {
    assertEquals(
        "--batch ^ --views must fit the budget, found 64^6",
        reworded(InvalidInputException.of("batch ^ views", "must fit the budget", "64^6")));
  }

  @Test
  void inputsTheCommandHasNoFlagForStayAsTheLibraryNamedThem() {
    assertEquals(
        "epochs must be >= 1, found 0",
        reworded(InvalidInputException.of("epochs", "must be >= 1", 0)));
    assertEquals(
        "batch ^ epochs must fit, found 2",
        reworded(InvalidInputException.of("batch ^ epochs", "must fit", 2)));
    assertEquals(
        "view 2 must have 3 rows, found 4",
        reworded(InvalidInputException.of("view 2", "must have 3 rows", 4)));
    assertEquals("a plain message", reworded(new InvalidInputException("a plain message")));
  }
}
