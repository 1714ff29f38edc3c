package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.encoder.LstmLayout;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.TargetLstm;

/**
 * A zoo of untrained LSTMs with known structure, for tests, smoke runs and benchmarks: each task is
 * a random centre in weight space (entries N(0, 0.5^2)) and its models are the centre plus N(0,
 * 0.15^2) noise. Rollouts are random inputs (one-hot tokens after a BOS token when X = Y, else
 * uniform tiles); the targets are the softmax of each model's own outputs on them, computed with
 * {@link TargetLstm}. Emulation on it can be learned exactly, and the task is recoverable from the
 * weights, so encoders and downstream predictors have something real to find.
 */
public final class SyntheticZoo implements EmulationData {
  private final LstmLayout layout;
  private final int steps;
  private final int rollouts;
  private final int[] tasks;
  private final float[][] weights;
  private final float[][] inputs;
  private final float[][] targets;

  private SyntheticZoo(
      LstmLayout layout,
      int steps,
      int rollouts,
      int[] tasks,
      float[][] weights,
      float[][] inputs,
      float[][] targets) {
    this.layout = layout;
    this.steps = steps;
    this.rollouts = rollouts;
    this.tasks = tasks;
    this.weights = weights;
    this.inputs = inputs;
    this.targets = targets;
  }

  /**
   * Generates the zoo.
   *
   * @param taskCount K tasks
   * @param modelsPerTask models per task (rows = K x modelsPerTask)
   * @param rollouts stored rollouts per model
   * @param steps T steps per rollout
   */
  public static SyntheticZoo generate(
      LstmLayout layout,
      int taskCount,
      int modelsPerTask,
      int rollouts,
      int steps,
      Seeds seeds,
      NDManager manager) {
    InvalidInputException.require(taskCount > 0, "tasks", "must be > 0", taskCount);
    InvalidInputException.require(
        modelsPerTask > 0, "models per task", "must be > 0", modelsPerTask);
    InvalidInputException.require(rollouts > 0, "rollouts", "must be > 0", rollouts);
    InvalidInputException.require(steps > 0, "steps", "must be > 0", steps);
    int p = layout.flatSize();
    int x = layout.inputSize();
    int y = layout.outputSize();
    boolean tokens = x == y;
    int n = taskCount * modelsPerTask;
    int[] tasks = new int[n];
    float[][] weights = new float[n][p];
    float[][] inputs = new float[n * rollouts][steps * x];
    for (int k = 0; k < taskCount; k++) {
      SplittableRandom centreRng = seeds.child("task").child(k).random();
      float[] centre = new float[p];
      for (int j = 0; j < p; j++) {
        centre[j] = (float) (0.5 * centreRng.nextGaussian());
      }
      for (int i = 0; i < modelsPerTask; i++) {
        int row = k * modelsPerTask + i;
        tasks[row] = k;
        SplittableRandom rng = seeds.child("model").child(row).random();
        for (int j = 0; j < p; j++) {
          weights[row][j] = centre[j] + (float) (0.15 * rng.nextGaussian());
        }
        for (int r = 0; r < rollouts; r++) {
          float[] seq = inputs[row * rollouts + r];
          for (int t = 0; t < steps; t++) {
            if (tokens) {
              seq[t * x + (t == 0 ? x - 2 : rng.nextInt(x - 2))] = 1;
            } else {
              for (int j = 0; j < x; j++) {
                seq[t * x + j] = rng.nextFloat();
              }
            }
          }
        }
      }
    }
    float[][] targets = new float[n * rollouts][];
    try (NDManager scope = manager.newSubManager()) {
      float[] flat = new float[n * p];
      float[] in = new float[n * rollouts * steps * x];
      for (int row = 0; row < n; row++) {
        System.arraycopy(weights[row], 0, flat, row * p, p);
      }
      for (int i = 0; i < n * rollouts; i++) {
        System.arraycopy(inputs[i], 0, in, i * steps * x, steps * x);
      }
      LstmWeights w = LstmWeights.fromFlat(layout, scope.create(flat, new Shape(n, p)));
      NDArray logits = new TargetLstm(w).run(scope.create(in, new Shape(n, rollouts, steps, x)));
      float[] probs = logits.softmax(3).toFloatArray();
      for (int i = 0; i < n * rollouts; i++) {
        float[] target = new float[steps * y];
        System.arraycopy(probs, i * steps * y, target, 0, steps * y);
        targets[i] = target;
      }
    }
    return new SyntheticZoo(layout, steps, rollouts, tasks, weights, inputs, targets);
  }

  /** The task of each row. */
  public int task(int row) {
    return tasks[row];
  }

  /**
   * Splits by task: the last {@code oodTasks} tasks are OOD, the {@code validationTasks} before
   * them validation, the rest training.
   */
  public Splits splitByTask(int validationTasks, int oodTasks) {
    int taskCount = tasks[tasks.length - 1] + 1;
    int trainTasks = taskCount - validationTasks - oodTasks;
    InvalidInputException.require(trainTasks > 0, "training tasks", "must be > 0", trainTasks);
    return new Splits(
        rowsOfTasks(0, trainTasks),
        rowsOfTasks(trainTasks, trainTasks + validationTasks),
        rowsOfTasks(trainTasks + validationTasks, taskCount));
  }

  private int[] rowsOfTasks(int from, int to) {
    return java.util.stream.IntStream.range(0, tasks.length)
        .filter(r -> tasks[r] >= from && tasks[r] < to)
        .toArray();
  }

  @Override
  public LstmLayout layout() {
    return layout;
  }

  @Override
  public int rowCount() {
    return weights.length;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int rollouts(int row) {
    return rollouts;
  }

  @Override
  public float[] weights(int row) {
    return weights[row];
  }

  @Override
  public float[] inputs(int row, int rollout) {
    return inputs[row * rollouts + rollout];
  }

  @Override
  public float[] targets(int row, int rollout) {
    return targets[row * rollouts + rollout];
  }
}
