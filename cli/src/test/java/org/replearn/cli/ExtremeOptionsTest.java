package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.core.io.Json;
import org.replearn.riem.model.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Extreme values, as a hostile but fair user types them: every case ends at once with exit code 2
 * and one line naming the option, the rule and the value (with the estimate, where a budget is at
 * stake), and writes nothing.
 */
@Tag("engine")
class ExtremeOptionsTest {
  private static final String INT_MAX = String.valueOf(Integer.MAX_VALUE);

  @TempDir Path tmp;

  /** Runs the command and returns its one error line after checking exit code 2 and no output. */
  private static String refused(List<String> args) {
    return refused(args.toArray(String[]::new));
  }

  /** Runs the command and returns its one error line after checking exit code 2 and no output. */
  private static String refused(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.out().isEmpty(), r.out());
    assertFalse(r.err().contains("Exception"), r.err());
    return r.errLines().get(0);
  }

  /**
   * {@link #refused} for {@code args} with {@code --out tmp/<folder>}, after checking that the
   * refused command did not create the folder.
   */
  private String refusedCreatingNo(String folder, List<String> args) {
    Path out = tmp.resolve(folder);
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--out", out.toString()));
    String line = refused(all);
    assertFalse(Files.exists(out), out + " was created");
    return line;
  }

  private static void assertContains(String line, String... parts) {
    for (String p : parts) {
      assertTrue(line.contains(p), () -> "'" + p + "' missing from: " + line);
    }
  }

  private Path views(int k, int n) throws Exception {
    Random rng = new Random(1);
    double[][][] v = new double[k][n][2];
    for (double[][] view : v) {
      for (double[] row : view) {
        row[0] = rng.nextDouble();
        row[1] = rng.nextDouble();
      }
    }
    Path file = tmp.resolve(k + "x" + n + ".json");
    Json.write(file, Map.of("views", v));
    return file;
  }

  @Test
  void solveWithEightViewsOfThreeHundredPointsIsRefusedWithItsSize() throws Exception {
    Path input = views(8, 300);
    assertContains(
        refused("multiview", "solve", "--input", input.toString()),
        "--input " + input,
        "must give a cost tensor (product of the views' row counts) of at most 134217728 entries",
        "found 300 x 300 x 300 x 300 x 300 x 300 x 300 x 300 = 6.56e+19 entries");
  }

  @Test
  void solveWithThreeViewsOfFiveHundredPointsIsRefusedByTheWorkBudget() throws Exception {
    Path input = views(3, 500);
    assertContains(
        refused("multiview", "solve", "--input", input.toString()),
        "--max-iterations must keep the work estimate within the budget of 1.00e+11 tensor-entry"
            + " sweeps",
        "found 2000 with a 500 x 500 x 500 tensor (2.50e+11 tensor-entry sweeps)");
  }

  @Test
  void solveWithEpsilonNaNIsRefusedInsteadOfUsingTheDefault() throws Exception {
    assertContains(
        refused("multiview", "solve", "--input", views(2, 3).toString(), "--epsilon", "NaN"),
        "'--epsilon': must be a finite number, found NaN");
  }

  private String zoo(String... extra) {
    List<String> args = new ArrayList<>(List.of("zoo", "generate", "--out", out().toString()));
    args.addAll(List.of(extra));
    return refused(args.toArray(String[]::new));
  }

  private Path out() {
    return tmp.resolve("zoo");
  }

  @Test
  void zooWithInfiniteWeightDecayIsRefused() {
    assertContains(
        zoo("--weight-decay", "Infinity"),
        "'--weight-decay': must be a finite number, found Infinity");
    assertFalse(Files.exists(out()));
  }

  @Test
  void zooWithABillionModelsIsRefusedWithTheMemoryEstimate() {
    assertContains(
        zoo("--models", "1000000000"),
        "--models",
        "must keep the memory estimate within the budget of",
        "found --models 1000000000",
        "TB)");
    assertFalse(Files.exists(out()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--rollouts", "--batch-size"})
  void zooWithASizeNearTheIntLimitIsRefused(String option) {
    assertContains(
        zoo("--models", "2", option, INT_MAX),
        option,
        "must keep the memory estimate within the budget of",
        option + " " + INT_MAX);
    assertFalse(Files.exists(out()));
  }

  private Path matrix() throws Exception {
    Path file = tmp.resolve("m.safetensors");
    Tensor.writeAll(file, Map.of("w", new Tensor(new long[] {8, 4}, new float[32])));
    return file;
  }

  private String fit(String option, String value) throws Exception {
    return refusedCreatingNo(
        "fit",
        List.of(
            "compress",
            "fit-matrix",
            "--input",
            matrix().toString(),
            "--tensor",
            "w",
            option,
            value));
  }

  @Test
  void fitWithStateDimNearTheIntLimitIsRefused() throws Exception {
    assertContains(
        fit("--state-dim", INT_MAX),
        "--state-dim / --metric-dim must keep the memory estimate within the budget of",
        "found " + INT_MAX + " / 14");
  }

  @Test
  void fitWithMetricDimNearTheIntLimitIsRefused() throws Exception {
    assertContains(
        fit("--metric-dim", INT_MAX),
        "--state-dim / --metric-dim must keep the memory estimate",
        "found 52 / " + INT_MAX);
  }

  @Test
  void fitWithRestartsNearTheIntLimitIsRefused() throws Exception {
    assertContains(
        fit("--restarts", INT_MAX),
        "--restarts must keep the memory estimate within the budget of",
        "found " + INT_MAX + " (one error per restart");
  }

  @Test
  void encodeTrainWithEmulatorHiddenNearTheIntLimitIsRefused() {
    assertContains(
        refusedCreatingNo("enc", CliRun.statsEncoder("--emulator-hidden", INT_MAX)),
        "--emulator-hidden must keep the memory estimate within the budget of",
        "found " + INT_MAX + " (emulator weights");
  }

  @Test
  void encodeTrainWithBatchNearTheIntLimitIsRefused() {
    assertContains(
        refusedCreatingNo("enc", CliRun.statsEncoder("--batch", INT_MAX)),
        "--batch / --emulator-hidden must keep the memory estimate",
        "found " + INT_MAX + " / 256 (activations of one step");
  }

  @Test
  void multiviewTrainWithEpochsNearTheIntLimitIsRefused() {
    // MultiViewTrainer checks the step count when training starts, inside the claimed --out
    assertContains(
        refused(
            CliRun.syntheticMultiview(
                "64",
                "16",
                "--views",
                "2",
                "--epochs",
                INT_MAX,
                "--out",
                tmp.resolve("mv").toString())),
        "epochs times 4 steps per epoch must be at most 100000000 steps, found " + INT_MAX);
  }

  @Test
  void multiviewTrainWithViewsNearTheIntLimitIsRefusedWithTheCostTensorSize() {
    assertContains(
        refusedCreatingNo("mv", CliRun.syntheticMultiview("64", "16", "--views", INT_MAX)),
        "--batch / --views must keep the memory estimate within the budget of",
        "found 16 / " + INT_MAX + " (M3G cost tensor of batch^views doubles: about Infinity");
  }

  @Test
  void multiviewTrainWithBatchNearTheIntLimitIsRefused() {
    assertContains(
        refusedCreatingNo("mv", CliRun.syntheticMultiview("64", INT_MAX)),
        "--train-objects must be at least --batch (" + INT_MAX + "), found 64");
  }

  @Test
  void privacyProbeWithStepsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refusedCreatingNo("probe", CliRun.syntheticProbe("--steps", INT_MAX)),
        "--steps must keep the work estimate within the budget of 1.00e+13 multiply-adds",
        "found " + INT_MAX + " with n = 1000, p = 256, K = 10 (5.50e+15 multiply-adds");
  }

  @Test
  void privacyProbeWithPerClassNearTheIntLimitIsRefusedWithTheMemoryEstimate() {
    assertContains(
        refusedCreatingNo("probe", CliRun.syntheticProbe("--per-class", INT_MAX)),
        "--classes / --per-class / --dimension must keep the memory estimate within the budget of",
        "found 10 / "
            + INT_MAX
            + " / 256 (train, test and public features in float: about 21.99 TB)");
  }

  @Test
  void trainReferenceWithEpochsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refusedCreatingNo(
            "ref",
            List.of(
                "compress", "train-reference", "--arch", "mlp", "--fixture", "--epochs", INT_MAX)),
        "--epochs must keep the work estimate within the budget of 1.00e+14 parameter-image passes",
        "found " + INT_MAX + " with 500 images and ");
  }

  @Test
  void compressModelWithCandidatesNearTheIntLimitIsRefusedWithTheWorkEstimate() throws Exception {
    assertContains(
        refusedCreatingNo(
            "cm",
            List.of(
                "compress",
                "model",
                "--model",
                matrix().toString(),
                "--rate",
                "0.5",
                "--candidates",
                INT_MAX)),
        "--candidates must keep the work estimate within the budget of 1.00e+10 entry"
            + " compressions",
        "found " + INT_MAX + " with a model of 32 entries (6.87e+10 entry compressions");
  }

  @Test
  void encodeEvaluateWithSeedsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refused(
            "encode",
            "evaluate",
            "--synthetic-zoo",
            "2:2",
            "--supervised",
            "stats",
            "--seeds",
            INT_MAX),
        "--seeds / --supervised-steps must keep the work estimate within the budget of 1.00e+07"
            + " training steps per target",
        "found " + INT_MAX + " / 2000 (4.29e+12 training steps per target)");
  }

  @Test
  void privacyBenchWithRepeatsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refused("privacy", "bench", "--sizes", "1000,100,10", "--repeats", INT_MAX),
        "--repeats must keep the work estimate within the budget of 1.00e+13 multiply-adds",
        "found " + INT_MAX + " with --sizes 1000,100,10 (2.15e+15 multiply-adds)");
  }

  @Test
  void privacyBenchWithSizesBeyondOneArrayIsRefused() {
    assertContains(
        refused("privacy", "bench", "--sizes", INT_MAX + "," + INT_MAX + ",10"),
        "--sizes must keep n x p and K x p within one Java array");
  }

  @Test
  void fileBenchWithRowsNearTheIntLimitIsRefusedWithTheMemoryEstimate() {
    assertContains(
        refused("file", "bench", "--rows", INT_MAX, "--dir", tmp.resolve("fb").toString()),
        "--rows must keep the memory estimate within the budget of",
        "found " + INT_MAX + " (the float32 matrix read whole: about 118.2 TB)");
    assertFalse(Files.exists(tmp.resolve("fb")));
  }

  @Test
  void zooBenchWithUpdatesNearTheLongLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refused("zoo", "bench", "--workers", "1", "--updates", String.valueOf(Long.MAX_VALUE)),
        "--models / --updates must keep the work estimate within the budget of 1.00e+08"
            + " model-updates",
        "found 64 / " + Long.MAX_VALUE + " with 1 workers (5.90e+20 model-updates)");
  }

  @Test
  void zooBenchWithModelsNearTheIntLimitIsRefusedWithTheMemoryEstimate() {
    assertContains(
        refused("zoo", "bench", "--workers", "1", "--models", INT_MAX),
        "--models must keep the memory estimate within the budget of",
        "found " + INT_MAX + " with 1 workers (weights, gradients and AdamW moments");
  }

  @Test
  void encodeBenchWithStepsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refusedCreatingNo("eb", List.of("encode", "bench", "--steps", INT_MAX)),
        "--steps / --batch must keep the work estimate within the budget of 1.00e+07 checkpoint"
            + " passes",
        "found " + INT_MAX + " / 64 (1.37e+11 checkpoint passes)");
  }

  @Test
  void encodeBenchWithBatchNearTheIntLimitIsRefusedWithTheMemoryEstimate() {
    assertContains(
        refusedCreatingNo("eb", List.of("encode", "bench", "--batch", INT_MAX)),
        "--batch must keep the memory estimate within the budget of",
        "found " + INT_MAX + " (one step's checkpoints in float");
  }

  @Test
  void multiviewBenchWithSweepsNearTheIntLimitIsRefusedWithTheWorkEstimate() {
    assertContains(
        refused("multiview", "bench", "--sweeps", INT_MAX),
        "--sweeps / --repeats must keep the work estimate within the budget of 1.00e+11"
            + " tensor-entry sweeps",
        "found " + INT_MAX + " / 3 with 2 precisions (9.22e+17 tensor-entry sweeps)");
  }

  /**
   * The accountants compose T identical steps in closed form, so --steps up to the long limit needs
   * no budget: it answers at once (a huge epsilon, or a huge sigma) instead of looping T times.
   */
  @Test
  @Timeout(60)
  void privacyAccountingWithStepsAtTheLongLimitAnswersAtOnce() {
    String steps = String.valueOf(Long.MAX_VALUE);
    for (String[] args :
        List.of(
            new String[] {"privacy", "epsilon", "--sigma", "1", "--delta", "1e-5"},
            new String[] {"privacy", "sigma", "--epsilon", "1", "--delta", "1e-5"},
            new String[] {
              "privacy", "epsilon", "--sigma", "1", "--delta", "1e-5", "--sampling-rate", "0.01"
            },
            new String[] {
              "privacy", "sigma", "--epsilon", "1", "--delta", "1e-5", "--sampling-rate", "0.01"
            })) {
      List<String> a = new ArrayList<>(List.of(args));
      a.addAll(List.of("--steps", steps, "--json"));
      CliRun r = CliRun.of(a.toArray(String[]::new));
      assertEquals(0, r.code(), String.join(" ", a) + ": " + r.err());
      assertTrue(r.out().contains("\"steps\":" + steps), r.out());
    }
  }

  /**
   * Every floating-point option of every command, found by walking picocli's model, refuses NaN,
   * Infinity and -Infinity naming the option (so a new option cannot slip past the shared
   * converter).
   */
  @Test
  void everyFloatOptionOfEveryCommandRefusesNonFiniteValues() {
    CommandLine root = new CommandLine(new ReplearnCommand());
    FiniteNumbers.register(root);
    List<String> checked = new ArrayList<>();
    walk(root, new ArrayList<>(), checked);
    assertTrue(checked.size() >= 20, "float options found: " + checked);
  }

  private static void walk(CommandLine cl, List<String> path, List<String> checked) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      Class<?> t = o.type().isArray() ? o.type().getComponentType() : o.type();
      if (t != double.class && t != Double.class && t != float.class && t != Float.class) {
        continue;
      }
      for (String bad : List.of("NaN", "Infinity", "-Infinity")) {
        CommandLine fresh = new CommandLine(new ReplearnCommand());
        FiniteNumbers.register(fresh);
        List<String> args = new ArrayList<>(path);
        args.add(o.longestName() + "=" + bad);
        String message;
        try {
          fresh.parseArgs(args.toArray(String[]::new));
          message = "accepted";
        } catch (CommandLine.ParameterException e) {
          message = e.getMessage();
        }
        assertTrue(
            message.contains("'" + o.longestName() + "'")
                && message.contains("must be a finite number, found " + bad),
            String.join(" ", args) + ": " + message);
      }
      checked.add(String.join(" ", path) + " " + o.longestName());
    }
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      List<String> p = new ArrayList<>(path);
      p.add(sub.getKey());
      walk(sub.getValue(), p, checked);
    }
  }
}
