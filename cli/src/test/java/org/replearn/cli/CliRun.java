package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.io.Json;

/**
 * One command line run in-process through {@link Main#run}, as a user meets it: exit code and
 * everything written to stdout and stderr. The shared harness of the CLI tests.
 *
 * @param code the exit code (0 success, 2 bad input)
 * @param out what the command printed on stdout
 * @param err what the command printed on stderr
 */
public record CliRun(int code, String out, String err) {

  /**
   * {@code zoo generate} options of a tiny formal-language zoo that trains in about a second: 3
   * models in batches of 2, checkpoints after updates 0 and 4, 2 stored rollouts (6 index rows).
   */
  public static final List<String> TINY_ZOO =
      List.of(
          "--task",
          "formal-languages",
          "--models",
          "3",
          "--batch-models",
          "2",
          "--checkpoints",
          "0,4",
          "--batch-size",
          "4",
          "--eval-samples",
          "10",
          "--rollouts",
          "2");

  /** Generates {@link #TINY_ZOO} into {@code out} ({@code --json}). */
  public static CliRun tinyZoo(Path out) {
    List<String> args = new ArrayList<>(List.of("zoo", "generate"));
    args.addAll(TINY_ZOO);
    args.addAll(List.of("--out", out.toString(), "--json"));
    return of(args.toArray(String[]::new));
  }

  /** Runs {@code replearn args...} with stdout and stderr captured. */
  public static CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = Main.run(args);
      o.flush();
      e.flush();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The lines written to stderr. */
  public List<String> errLines() {
    return err.lines().toList();
  }

  /**
   * Stdout parsed as the one JSON object a successful {@code --json} command prints; fails the test
   * (showing stderr) when the command failed or printed anything else on stdout.
   */
  public JsonNode json() throws IOException {
    assertEquals(0, code, err);
    List<String> lines = out.lines().toList();
    assertEquals(1, lines.size(), out);
    return Json.mapper().readTree(lines.get(0));
  }
}
