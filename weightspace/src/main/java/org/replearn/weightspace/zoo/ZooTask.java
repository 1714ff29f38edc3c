package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.replearn.core.engine.Seeds;

/**
 * A task family of the zoo: what a model is trained on and how a checkpoint is measured. The two
 * official families are {@link FormalLanguageZoo} and {@link TiledMnistZoo}.
 */
public sealed interface ZooTask permits FormalLanguageZoo, TiledMnistZoo {

  /**
   * One teacher-forced training batch of one model, time-major.
   *
   * @param inputs [T, B, X]
   * @param targets target classes [T, B]
   * @param steps T
   * @param size B
   */
  record Batch(float[] inputs, int[] targets, int steps, int size) {}

  /**
   * What a checkpoint measures, for M models.
   *
   * @param metrics [M][metricNames().size()]
   * @param sequences stored rollout inputs: formal languages [M, R, T+1] uint8 tokens (BOS + T
   *     sampled); tiled MNIST [M, R, 50, 16] tiles
   * @param outputs stored output distributions: formal languages [M, R, T, Y] log-softmax; tiled
   *     MNIST [M, R, 50, Y] raw logits
   */
  record Evaluation(double[][] metrics, NDArray sequences, NDArray outputs) {}

  /** Family id used in files and on the command line. */
  String id();

  /** The zoo model's shape. */
  LstmSpec spec();

  /** Names of the checkpoint metrics, in the order of {@link Evaluation#metrics}. */
  List<String> metricNames();

  /** Model {@code index}: draws its task and weight decay from {@code zooSeed.child(index)}. */
  ZooMember member(Seeds zooSeed, int index);

  /** A model's stream of training batches. */
  @FunctionalInterface
  interface TrainingData {
    /** The batch of update {@code update} (0-based). */
    Batch batch(long update, int batchSize);
  }

  /** The training batches of {@code member}; a stream may cache state between updates. */
  TrainingData trainingData(ZooMember member);

  /**
   * The checkpoint measurements after update {@code step}, arrays in {@code manager}.
   *
   * @param weights the members' flat weights, [M][P]
   */
  Evaluation evaluate(float[][] weights, List<ZooMember> members, long step, NDManager manager);

  /** The split criterion of a task vector: the larger, the more out-of-distribution. */
  double splitCriterion(double[] task);
}
