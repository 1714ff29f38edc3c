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
   * {@code zoo generate} of a small formal-language zoo: {@code models} models in batches of {@code
   * batchModels}, checkpoints after the updates {@code checkpoints}, batch size 4, 10 evaluation
   * strings and 2 stored rollouts per checkpoint; then {@code extra}.
   *
   * @return a mutable list
   */
  public static List<String> smallZoo(
      int models, int batchModels, String checkpoints, String... extra) {
    return concat(
        List.of(
            "zoo",
            "generate",
            "--models",
            String.valueOf(models),
            "--batch-models",
            String.valueOf(batchModels),
            "--checkpoints",
            checkpoints,
            "--batch-size",
            "4",
            "--eval-samples",
            "10",
            "--rollouts",
            "2"),
        List.of(extra));
  }

  /**
   * {@code multiview train} on the synthetic data set: {@code trainObjects} objects in batches of
   * {@code batch}; then {@code extra}.
   *
   * @return a mutable list
   */
  public static List<String> syntheticMultiview(
      String trainObjects, String batch, String... extra) {
    return concat(
        List.of(
            "multiview",
            "train",
            "--dataset",
            "synthetic",
            "--train-objects",
            trainObjects,
            "--batch",
            batch),
        List.of(extra));
  }

  /**
   * {@code privacy probe} on the synthetic features at epsilon 1 and delta 1e-5; then {@code
   * extra}.
   *
   * @return a mutable list
   */
  public static List<String> syntheticProbe(String... extra) {
    return concat(
        List.of("privacy", "probe", "--features", "synthetic", "--epsilon", "1", "--delta", "1e-5"),
        List.of(extra));
  }

  /**
   * {@code encode train} of the stats encoder on a synthetic zoo of 2 tasks x 2 models; then {@code
   * extra}.
   *
   * @return a mutable list
   */
  public static List<String> statsEncoder(String... extra) {
    return concat(
        List.of("encode", "train", "--synthetic-zoo", "2:2", "--encoder", "stats"), List.of(extra));
  }

  /**
   * A tiny {@link #statsEncoder} run: {@code steps} steps of 2 checkpoints, evaluated every {@code
   * evalEvery} steps on 4 rows, with an emulator of width 8; then {@code extra}.
   *
   * @return a mutable list
   */
  public static List<String> tinyStatsEncoder(int steps, int evalEvery, String... extra) {
    return concat(
        statsEncoder(
            "--steps",
            String.valueOf(steps),
            "--eval-every",
            String.valueOf(evalEvery),
            "--batch",
            "2",
            "--eval-rows",
            "4",
            "--emulator-hidden",
            "8"),
        List.of(extra));
  }

  /** Exports {@code zoo} in the official npy layout to {@code official} ({@code --json}). */
  public static CliRun exportOfficial(Path zoo, Path official) {
    return of(
        "zoo",
        "export",
        zoo.toString(),
        "--format",
        "official-npy",
        "--out",
        official.toString(),
        "--json");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Generates a tiny formal-language zoo into {@code out} ({@code --json}) that trains in about a
   * second: 3 models in batches of 2, checkpoints after updates 0 and 4, 2 stored rollouts (6 index
   * rows).
   */
  public static CliRun tinyZoo(Path out) {
    return of(
        smallZoo(3, 2, "0,4", "--task", "formal-languages", "--out", out.toString(), "--json"));
  }

  /** Runs {@code replearn args...} with stdout and stderr captured. */
  public static CliRun of(List<String> args) {
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
