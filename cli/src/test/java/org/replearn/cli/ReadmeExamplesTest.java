package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "From Java" examples are the code the example tests run: each test's block between
 * {@code // README example: begin} and {@code end} appears in README.md (compared without
 * whitespace, since the formatter wraps the README's shallower indentation differently).
 */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of("..");
  private static final String BEGIN = "// README example: begin";
  private static final String END = "// README example: end";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "weightspace/src/test/java/org/replearn/weightspace/WeightSpaceExampleTest.java",
        "riem/src/test/java/org/replearn/riem/RiemExampleTest.java",
        "privacy/src/test/java/org/replearn/privacy/PrivateProbingExampleTest.java",
        "multiview/src/test/java/org/replearn/multiview/M3gExampleTest.java"
      })
  void readmeHoldsTheExampleTheTestRuns(String test) throws IOException {
    String source = Files.readString(ROOT.resolve(test));
    int from = source.indexOf(BEGIN);
    int to = source.indexOf(END);
    assertTrue(from >= 0 && to > from, test + " must mark its README example");
    String example = source.substring(from + BEGIN.length(), to);
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(
        squeeze(readme).contains(squeeze(example)),
        () -> "README.md must hold the example of " + test + ":\n" + example);
  }

  private static String squeeze(String s) {
    return s.replaceAll("\\s+", "");
  }
}
