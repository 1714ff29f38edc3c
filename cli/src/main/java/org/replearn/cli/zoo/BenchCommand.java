package org.replearn.cli.zoo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.JsonOption;
import org.replearn.cli.bench.RooflineOptions;
import org.replearn.cli.bench.WarmUpSeconds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.LstmSpec;
import org.replearn.weightspace.zoo.TiledMnistZoo;
import org.replearn.weightspace.zoo.ZooBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn zoo bench}: model-steps per second of the zoo trainer per task family. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time the zoo trainer: W workers x M models for U updates plus one checkpoint",
      "evaluation after a warm-up until the update rate is stable, extrapolated to the official",
      "recipe (20,001 updates, 9 evaluations per model); min/median/max ms per update, the work",
      "of an update and its fractionOfRoofline."
    })
public final class BenchCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Mixin WorkerOptions parallel;

  @Option(
      names = "--models",
      description = "Models per worker batch M (default: ${DEFAULT-VALUE}).",
      defaultValue = "64")
  int models;

  @Option(
      names = "--updates",
      description = "Updates timed per worker, after the warm-up (default: ${DEFAULT-VALUE}).",
      defaultValue = "40")
  long updates;

  @Option(
      names = "--warmup-seconds",
      description =
          "Untimed updates per worker for at least this long, until the update rate is stable (at"
              + " most 3x as long); the timed models then start afresh (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  double warmupSeconds;

  @Mixin RooflineOptions roofline;

  @Option(
      names = "--task",
      description = "formal-languages, tiled-mnist or all (default: ${DEFAULT-VALUE}).",
      defaultValue = "all")
  String task;

  @Option(
      names = "--data-dir",
      description = "MNIST cache folder (default: the replearn cache; the fixture if absent).")
  Path dataDir;

  @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  /**
   * One task family's bench as printed: the fields of {@link ZooBench.Result} in its order but with
   * {@code evaluations} after {@code evaluationSeconds}, the paper zoo's hours (1,000 models) after
   * the rates, and without the peak memory (printed once for all families).
   */
  record FamilyResult(
      @JsonUnwrapped
          @JsonIncludeProperties({
            "family",
            "models",
            "updates",
            "updateSeconds",
            "evaluationSeconds"
          })
          ZooBench.Result sizes,
      int evaluations,
      @JsonUnwrapped
          @JsonIncludeProperties({
            "modelStepsPerSecond",
            "trainingOnlyModelStepsPerSecond",
            "trainingModelStepsPerCpuSecond"
          })
          ZooBench.Result rates,
      double paperZooHours,
      @JsonUnwrapped
          @JsonIncludeProperties({
            "updateMs",
            "warmupUpdates",
            "warmupSeconds",
            "warmupStable",
            "work",
            "roofline"
          })
          ZooBench.Result warmUpAndWork) {
    static FamilyResult of(ZooBench.Result r) {
      return new FamilyResult(r, r.evaluations(), r, r.hoursFor(1000), r);
    }
  }

  /** What {@code zoo bench} prints; {@code mnist} only when the tiled-MNIST family ran. */
  record Bench(
      double modelStepsPerSecond,
      String threads,
      int workers,
      int cores,
      @JsonInclude(JsonInclude.Include.NON_NULL) String mnist,
      long peakResidentBytes,
      List<FamilyResult> results,
      MachineRoofline machine,
      RoofDrift roofDrift) {}

  /** Most model-updates (models x updates x workers) one bench may run. */
  static final double MAX_MODEL_UPDATES = 1e8;

  /**
   * Lower bounds, and, before any model is built, the weights with gradient and AdamW moments of
   * every worker's batch (4 x P floats per model, formal-language LSTMs; a lower bound of the
   * memory) within the heap and models x updates x workers within the work budget.
   */
  private void requireWithinBudgets() {
    InvalidInputException.require(models >= 1, "--models", "must be >= 1", models);
    InvalidInputException.require(updates >= 3, "--updates", "must be >= 3", updates);
    double p = LstmSpec.formalLanguages().parameterCount();
    Budget.memory(
        "--models",
        models + " with " + parallel.workers + " workers",
        "weights, gradients and AdamW moments of the model batches",
        16 * p * models * parallel.workers);
    Budget.work(
        "--models / --updates",
        models + " / " + updates + " with " + parallel.workers + " workers",
        "model-updates",
        (double) models * updates * parallel.workers,
        MAX_MODEL_UPDATES,
        "models x updates x workers; hours on 2 CPU cores");
  }

  @Override
  public Integer call() throws Exception {
    parallel.apply();
    requireWithinBudgets();
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    MachineRoofline machine = roofline.machine();
    List<ZooBench.Result> results = new ArrayList<>();
    if (!task.equals("tiled-mnist")) {
      results.add(
          ZooBench.run(
              FormalLanguageZoo.official(),
              models,
              updates,
              seed,
              parallel.workers,
              warmUp,
              machine));
    }
    String mnistSource = null;
    if (!task.equals("formal-languages")) {
      ImageDataset images;
      try {
        images = ZooCli.mnist(dataDir);
        mnistSource = "mnist/train";
      } catch (Exception e) {
        images = Datasets.fixture(DatasetName.MNIST, Split.TRAIN);
        mnistSource = "fixture (evaluation smaller than official)";
      }
      results.add(
          ZooBench.run(
              TiledMnistZoo.official(images),
              Math.max(1, models / 4),
              updates,
              seed,
              parallel.workers,
              warmUp,
              machine));
    }
    RoofDrift drift = roofline.drift();
    Bench printed =
        new Bench(
            results.stream()
                .filter(r -> r.family().equals("formal-languages"))
                .mapToDouble(ZooBench.Result::modelStepsPerSecond)
                .findFirst()
                .orElse(Double.NaN),
            System.getProperty("ai.djl.pytorch.num_threads", "engine default"),
            parallel.workers,
            Runtime.getRuntime().availableProcessors(),
            mnistSource,
            results.stream().mapToLong(ZooBench.Result::peakResidentBytes).max().orElse(0),
            results.stream().map(FamilyResult::of).toList(),
            machine,
            drift);
    output.print(printed);
    return 0;
  }
}
