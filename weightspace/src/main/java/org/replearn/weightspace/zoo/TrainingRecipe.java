package org.replearn.weightspace.zoo;

import java.util.Arrays;
import org.replearn.core.InvalidInputException;
import org.replearn.core.train.LearningRateSchedule;

/**
 * How every zoo model is trained (official defaults: AdamW with betas (0.9, 0.999), eps 1e-8, batch
 * 32, checkpoints after updates {0, 100, 200, 500, 1000, 2000, 5000, 10000, 20000}, i.e. 20,001
 * updates). The learning rate is piecewise linear through {@code learningRates} at the first,
 * second-to-last and last checkpoint (0.01 -> 0.003 -> 0.0003 at 0, 10000, 20000); as in the
 * official loop it is set to sched(s) after update s, so update s uses sched(max(0, s - 1)).
 *
 * @param batchSize sequences per update and model
 * @param checkpoints update indices after which a checkpoint is taken, strictly increasing, >= 0
 * @param learningRates three rates at the schedule's knots
 */
public record TrainingRecipe(int batchSize, long[] checkpoints, double[] learningRates) {

  /** The official checkpoints. */
  public static final long[] OFFICIAL_CHECKPOINTS = {
    0, 100, 200, 500, 1000, 2000, 5000, 10000, 20000
  };

  public TrainingRecipe {
    checkpoints = checkpoints.clone();
    learningRates = learningRates.clone();
    InvalidInputException.require(batchSize >= 1, "batchSize", "must be >= 1", batchSize);
    InvalidInputException.require(
        checkpoints.length >= 1, "checkpoints", "must not be empty", "[]");
    for (int i = 0; i < checkpoints.length; i++) {
      InvalidInputException.require(
          checkpoints[i] >= 0 && (i == 0 || checkpoints[i] > checkpoints[i - 1]),
          "checkpoints",
          "must be >= 0 and strictly increasing",
          Arrays.toString(checkpoints));
    }
    InvalidInputException.require(
        learningRates.length == 3 && Arrays.stream(learningRates).allMatch(r -> r > 0),
        "learningRates",
        "must be three rates > 0",
        Arrays.toString(learningRates));
  }

  /** The official recipe. */
  public static TrainingRecipe official() {
    return new TrainingRecipe(32, OFFICIAL_CHECKPOINTS, new double[] {0.01, 0.003, 0.0003});
  }

  /** The official recipe with other checkpoints. */
  public TrainingRecipe withCheckpoints(long[] steps) {
    return new TrainingRecipe(batchSize, steps, learningRates);
  }

  /**
   * The official checkpoints divided by {@code divisor} (10: 0, 10, 20, 50, ..., 2000): the
   * official composition of a zoo (the same share of untrained and long-trained checkpoints, the
   * learning-rate knots at the same fractions of the schedule) on a shorter schedule.
   *
   * @param divisor must divide every official checkpoint
   */
  public static long[] officialCheckpointsDividedBy(long divisor) {
    InvalidInputException.require(
        divisor >= 1 && Arrays.stream(OFFICIAL_CHECKPOINTS).allMatch(s -> s % divisor == 0),
        "checkpoint divisor",
        "must divide every official checkpoint " + Arrays.toString(OFFICIAL_CHECKPOINTS),
        divisor);
    return Arrays.stream(OFFICIAL_CHECKPOINTS).map(s -> s / divisor).toArray();
  }

  /** The official checkpoints up to {@code lastStep}, with {@code lastStep} itself appended. */
  public static long[] officialCheckpointsUpTo(long lastStep) {
    long[] below = Arrays.stream(OFFICIAL_CHECKPOINTS).filter(s -> s < lastStep).toArray();
    long[] out = Arrays.copyOf(below, below.length + 1);
    out[below.length] = lastStep;
    return out;
  }

  @Override
  public long[] checkpoints() {
    return checkpoints.clone();
  }

  @Override
  public double[] learningRates() {
    return learningRates.clone();
  }

  /** Number of updates: last checkpoint + 1. */
  public long updates() {
    return checkpoints[checkpoints.length - 1] + 1;
  }

  /** Whether a checkpoint is taken after update {@code update}. */
  public boolean isCheckpoint(long update) {
    return Arrays.binarySearch(checkpoints, update) >= 0;
  }

  /** The schedule sched(t) through the knots (first, second-to-last, last checkpoint). */
  public LearningRateSchedule schedule() {
    long first = checkpoints[0];
    long last = checkpoints[checkpoints.length - 1];
    long middle = checkpoints.length >= 3 ? checkpoints[checkpoints.length - 2] : -1;
    if (middle > first && middle < last) {
      return LearningRateSchedule.piecewiseLinear(new long[] {first, middle, last}, learningRates);
    }
    if (last > first) {
      return LearningRateSchedule.piecewiseLinear(
          new long[] {first, last}, new double[] {learningRates[0], learningRates[2]});
    }
    return LearningRateSchedule.constant(learningRates[0]);
  }

  /** The learning rate used by update {@code update}: sched(max(0, update - 1)). */
  public double learningRate(long update) {
    return schedule().at(Math.max(0, update - 1));
  }
}
