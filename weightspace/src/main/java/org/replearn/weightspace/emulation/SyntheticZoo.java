package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.TargetLstm;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * A zoo of untrained LSTMs with known structure, for tests, smoke runs and benchmarks. A task is a
 * triple (a, b, c) of levels in 0..levels-1 (like the formal languages' (d_b, d_c, d_d)); its
 * centre in weight space is the sum of one random component per factor and level (entries N(0,
 * 0.5^2 / 3)), so tasks are compositional and an unseen combination can be recognised from its
 * parts. A task's models are the centre plus N(0, 0.15^2) noise. Rollouts are random inputs
 * (one-hot tokens after a BOS token when X = Y, else uniform tiles); the targets are the softmax of
 * each model's own outputs on them, computed with {@link TargetLstm}. Emulation on it can be
 * learned exactly, and the task is recoverable from the weights, so encoders and downstream
 * predictors have something real to find.
 */
public final class SyntheticZoo extends UniformEmulationData {
  private final int levels;
  private final int[] tasks;
  private final float[][] weights;
  private final float[][] inputs;
  private final float[][] targets;

  private SyntheticZoo(
      LstmSpec layout,
      int levels,
      int steps,
      int rollouts,
      int[] tasks,
      float[][] weights,
      float[][] inputs,
      float[][] targets) {
    super(layout, steps, rollouts);
    this.levels = levels;
    this.tasks = tasks;
    this.weights = weights;
    this.inputs = inputs;
    this.targets = targets;
  }

  /**
   * Generates the zoo.
   *
   * @param levels levels per task factor; there are levels^3 tasks
   * @param modelsPerTask models per task (rows = levels^3 x modelsPerTask)
   * @param rollouts stored rollouts per model
   * @param steps T steps per rollout
   */
  public static SyntheticZoo generate(
      LstmSpec layout,
      int levels,
      int modelsPerTask,
      int rollouts,
      int steps,
      Seeds seeds,
      NDManager manager) {
    InvalidInputException.require(levels > 0, "task levels", "must be > 0", levels);
    int taskCount = levels * levels * levels;
    InvalidInputException.require(
        modelsPerTask > 0, "models per task", "must be > 0", modelsPerTask);
    InvalidInputException.require(rollouts > 0, "rollouts", "must be > 0", rollouts);
    InvalidInputException.require(steps > 0, "steps", "must be > 0", steps);
    int p = layout.parameterCount();
    int x = layout.inputSize();
    int y = layout.outputSize();
    boolean tokens = x == y;
    int n = taskCount * modelsPerTask;
    int[] tasks = new int[n];
    float[][] weights = new float[n][p];
    float[][] inputs = new float[n * rollouts][steps * x];
    float[][][] components = new float[3][levels][p];
    for (int f = 0; f < 3; f++) {
      for (int level = 0; level < levels; level++) {
        SplittableRandom componentRng = seeds.child("factor" + f).child(level).random();
        for (int j = 0; j < p; j++) {
          components[f][level][j] = (float) (0.5 / Math.sqrt(3) * componentRng.nextGaussian());
        }
      }
    }
    for (int k = 0; k < taskCount; k++) {
      float[] centre = new float[p];
      for (int f = 0; f < 3; f++) {
        float[] component = components[f][factor(k, f, levels)];
        for (int j = 0; j < p; j++) {
          centre[j] += component[j];
        }
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
    return new SyntheticZoo(layout, levels, steps, rollouts, tasks, weights, inputs, targets);
  }

  /** Level of factor f (0, 1, 2) of task k. */
  private static int factor(int k, int f, int levels) {
    int v = k;
    for (int i = 0; i < f; i++) {
      v /= levels;
    }
    return v % levels;
  }

  /** Levels per task factor. */
  public int levels() {
    return levels;
  }

  /** The three factor levels (a, b, c) of the task of {@code row}. */
  public int[] taskFactors(int row) {
    return new int[] {
      factor(tasks[row], 0, levels), factor(tasks[row], 1, levels), factor(tasks[row], 2, levels)
    };
  }

  /**
   * Mean entropy (nats) of the row's stored output distributions over all rollouts and steps: a
   * behavioural scalar, like a zoo model's accuracy, that is read from outputs, not weights.
   */
  public double meanOutputEntropy(int row) {
    int rollouts = rolloutsPerRow();
    double total = 0;
    for (int r = 0; r < rollouts; r++) {
      float[] p = targets[row * rollouts + r];
      for (int i = 0; i < p.length; i++) {
        if (p[i] > 0) {
          total -= p[i] * Math.log(p[i]);
        }
      }
    }
    return total / (rollouts * (double) steps());
  }

  /** The task of each row. */
  public int task(int row) {
    return tasks[row];
  }

  /** The task index (0..levels^3-1) of every row. */
  public int[] taskOfRow() {
    return tasks.clone();
  }

  /**
   * Splits by task as the official code does for formal languages: the {@code oodTasks} tasks with
   * the most balanced factors (highest entropy of their levels, ties by index) are OOD, the rest
   * are shuffled and cut into training and {@code validationTasks} validation tasks.
   */
  public Splits splitByTask(int validationTasks, int oodTasks, SplittableRandom rng) {
    int taskCount = levels * levels * levels;
    int trainTasks = taskCount - validationTasks - oodTasks;
    InvalidInputException.require(trainTasks > 0, "training tasks", "must be > 0", trainTasks);
    Integer[] byBalance = new Integer[taskCount];
    for (int k = 0; k < taskCount; k++) {
      byBalance[k] = k;
    }
    Arrays.sort(
        byBalance, Comparator.comparingDouble((Integer k) -> -balance(k)).thenComparing(k -> k));
    int[] rest = new int[taskCount - oodTasks];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = byBalance[oodTasks + i];
    }
    int[] order = RandomArrays.permutation(rng, rest.length);
    int[] split = new int[taskCount];
    for (int i = 0; i < oodTasks; i++) {
      split[byBalance[i]] = 2;
    }
    for (int i = 0; i < rest.length; i++) {
      split[rest[order[i]]] = i < trainTasks ? 0 : 1;
    }
    return new Splits(rowsOf(split, 0), rowsOf(split, 1), rowsOf(split, 2));
  }

  /** Entropy of the task's levels shifted to be positive, as the official task criterion. */
  private double balance(int k) {
    double[] v = new double[3];
    double sum = 0;
    for (int f = 0; f < 3; f++) {
      v[f] = 1 + factor(k, f, levels);
      sum += v[f];
    }
    double entropy = 0;
    for (double x : v) {
      entropy -= x / sum * Math.log(x / sum);
    }
    return entropy;
  }

  private int[] rowsOf(int[] split, int which) {
    return IntStream.range(0, tasks.length).filter(r -> split[tasks[r]] == which).toArray();
  }

  @Override
  public int rowCount() {
    return weights.length;
  }

  @Override
  public float[] weights(int row) {
    return weights[row];
  }

  @Override
  public float[] inputs(int row, int rollout) {
    return inputs[row * rolloutsPerRow() + rollout];
  }

  @Override
  public float[] targets(int row, int rollout) {
    return targets[row * rolloutsPerRow() + rollout];
  }
}
