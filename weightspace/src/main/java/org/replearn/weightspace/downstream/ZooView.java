package org.replearn.weightspace.downstream;

import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.emulation.SyntheticZoo;

/**
 * Everything the encoder commands need from a zoo: the emulation data, the by-task splits, a task
 * identifier per row and the downstream targets.
 *
 * @param description one line saying what the zoo is
 * @param data weights, rollouts and output distributions
 * @param splits training, validation and OOD rows (emulation training and evaluation)
 * @param downstreamSplits the splits for downstream predictors: half of the OOD tasks moved into
 *     training (official {@code downstream_training_on_ood}; for a stored zoo the official numpy
 *     seed-2 selection, {@link org.replearn.weightspace.zoo.ZooSplit})
 * @param taskOfRow task identifier per row (for moving half the OOD tasks into training)
 * @param targets properties to predict downstream
 */
public record ZooView(
    String description,
    EmulationData data,
    Splits splits,
    Splits downstreamSplits,
    int[] taskOfRow,
    List<DownstreamTarget> targets) {

  /** The target called {@code name}. */
  public DownstreamTarget target(String name) {
    for (DownstreamTarget t : targets) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw InvalidInputException.of(
        "target", "must be one of " + targets.stream().map(DownstreamTarget::name).toList(), name);
  }

  /**
   * Whether each row's checkpoint is known (a {@code step} target: the checkpoint's index in the
   * schedule, 0 for the untrained step-0 checkpoint).
   */
  public boolean hasSteps() {
    return targets.stream().anyMatch(t -> t.name().equals("step"));
  }

  /** {@code rows} without the step-0 (first-checkpoint) rows; needs {@link #hasSteps}. */
  public int[] withoutStepZero(int[] rows) {
    double[][] step = target("step").values();
    return java.util.stream.IntStream.of(rows).filter(r -> step[r][0] != 0).toArray();
  }

  /** Every part of {@code s} without its step-0 rows. */
  public Splits withoutStepZero(Splits s) {
    return new Splits(
        withoutStepZero(s.train()), withoutStepZero(s.validation()), withoutStepZero(s.ood()));
  }

  /** Rows of the OOD test set of the downstream predictors. */
  public int oodRows() {
    return downstreamSplits.ood().length;
  }

  /**
   * A view of a synthetic zoo: 15% of the tasks (the most balanced; at least 2) OOD, 15% (at least
   * 1) validation, half of the OOD tasks (drawn by {@code rng}) moved into the downstream training
   * split; targets {@code task} (the three factor levels as a 3-hot code) and {@code
   * output-entropy} (mean entropy of the stored output distributions).
   */
  public static ZooView synthetic(SyntheticZoo zoo, SplittableRandom rng) {
    int taskCount = zoo.levels() * zoo.levels() * zoo.levels();
    // at least two OOD tasks, so one stays OOD after half are moved into downstream training
    Splits splits =
        zoo.splitByTask(
            Math.max(1, (int) (0.15 * taskCount)), Math.max(2, (int) (0.15 * taskCount)), rng);
    int n = zoo.rowCount();
    double[][] task = new double[n][];
    double[][] entropy = new double[n][1];
    for (int r = 0; r < n; r++) {
      int[] f = zoo.taskFactors(r);
      task[r] = new double[] {f[0], f[1], f[2]};
      entropy[r][0] = zoo.meanOutputEntropy(r);
    }
    int l = zoo.levels();
    return new ZooView(
        "synthetic zoo: "
            + taskCount
            + " compositional tasks x "
            + n / taskCount
            + " untrained LSTMs "
            + zoo.layout(),
        zoo,
        splits,
        org.replearn.weightspace.downstream.DownstreamEvaluation.moveHalfOfOodTasks(
            splits, zoo.taskOfRow(), rng),
        zoo.taskOfRow(),
        List.of(
            new DownstreamTarget("task", TargetKind.MULTI_HOT, new int[] {l, l, l}, task),
            new DownstreamTarget("output-entropy", TargetKind.SCALAR, new int[] {1}, entropy)));
  }
}
