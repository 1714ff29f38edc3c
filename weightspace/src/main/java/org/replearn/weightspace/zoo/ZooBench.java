package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.engine.Seeds;

/**
 * Throughput of the batched zoo trainer on one task family: trains {@code models} models for {@code
 * updates} updates with one checkpoint evaluation after the last update, times the updates and the
 * evaluations apart, and extrapolates to the official recipe (20,001 updates and 9 checkpoint
 * evaluations per model).
 */
public final class ZooBench {
  private ZooBench() {}

  /**
   * Measured throughput.
   *
   * @param family task family id
   * @param models models trained at once (M)
   * @param updates updates timed
   * @param updateSeconds wall time of all updates
   * @param evaluations checkpoint evaluations timed
   * @param evaluationSeconds wall time of all evaluations
   * @param modelStepsPerSecond model-updates per second under the official recipe, checkpoint
   *     evaluations included: M * 20001 / (20001 * t_update + 9 * t_eval)
   * @param trainingOnlyModelStepsPerSecond M * updates / updateSeconds
   * @param peakResidentBytes the process's peak resident memory (Linux VmHWM: Java heap and native
   *     PyTorch memory), or the peak Java heap seen where /proc is absent
   */
  public record Result(
      String family,
      int models,
      long updates,
      double updateSeconds,
      int evaluations,
      double evaluationSeconds,
      double modelStepsPerSecond,
      double trainingOnlyModelStepsPerSecond,
      long peakResidentBytes) {

    /** Estimated hours for a zoo of {@code zooModels} under the official recipe. */
    public double hoursFor(int zooModels) {
      return zooModels * (double) TrainingRecipe.official().updates() / modelStepsPerSecond / 3600;
    }
  }

  /** Runs the benchmark on {@code task} with the official batch size. */
  public static Result run(ZooTask task, int models, long updates, long seed) throws IOException {
    InvalidInputException.require(models >= 1, "models", "must be >= 1", models);
    InvalidInputException.require(updates >= 2, "updates", "must be >= 2", updates);
    List<ZooMember> members = new ArrayList<>();
    Seeds seeds = new Seeds(seed);
    for (int i = 0; i < models; i++) {
      members.add(task.member(seeds, i));
    }
    TrainingRecipe recipe = TrainingRecipe.official().withCheckpoints(new long[] {updates - 1});
    long[] evalNanos = new long[1];
    long[] evalCount = new long[1];
    long[] peak = new long[1];
    Runtime rt = Runtime.getRuntime();
    ZooTask timed = task;
    ZooTrainer trainer = new ZooTrainer(timed, recipe);
    long start = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager();
        Progress progress = Progress.start("bench " + task.id(), models * updates)) {
      long[] lastEnd = {start};
      trainer.train(
          members,
          manager,
          null,
          (step, weights, state, evaluation) -> {
            peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
          },
          progress,
          (phase, nanos) -> {
            if (phase == ZooTrainer.Phase.EVALUATION) {
              evalNanos[0] += nanos;
              evalCount[0]++;
            }
          });
    }
    double total = (System.nanoTime() - start) / 1e9;
    double evalSeconds = evalNanos[0] / 1e9;
    double updateSeconds = total - evalSeconds;
    double perUpdate = updateSeconds / updates;
    double perEval = evalSeconds / Math.max(1, evalCount[0]);
    long officialUpdates = TrainingRecipe.official().updates();
    int officialEvals = TrainingRecipe.OFFICIAL_CHECKPOINTS.length;
    double rate =
        models * (double) officialUpdates / (officialUpdates * perUpdate + officialEvals * perEval);
    return new Result(
        task.id(),
        models,
        updates,
        updateSeconds,
        (int) evalCount[0],
        evalSeconds,
        rate,
        models * updates / updateSeconds,
        Math.max(peak[0], peakResident()));
  }

  /** VmHWM of /proc/self/status in bytes, or 0 where unavailable. */
  static long peakResident() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
