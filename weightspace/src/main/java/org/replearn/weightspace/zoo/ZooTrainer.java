package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;

/**
 * Trains a batch of M zoo models on one thread: per update and model, the model's own batch, the
 * fused plain-Java forward and backward of {@link LstmKernel} and AdamW ({@link
 * org.replearn.core.train.FlatAdamW}) with the model's own decoupled weight decay. Models never
 * share arithmetic, so each model gets exactly the weights it gets alone. Checkpoint evaluations
 * use the same kernel.
 *
 * <p>Initial weights are PyTorch's defaults for {@code nn.LSTM} and {@code nn.Linear(H, Y)}: every
 * entry uniform in [-1/sqrt(H), 1/sqrt(H)], drawn from the model's own seed.
 */
public final class ZooTrainer {

  /** Receives every checkpoint; it may write files. */
  @FunctionalInterface
  public interface CheckpointSink {
    /**
     * @param step the update after which the checkpoint is taken
     * @param weights [M, P] flat weights
     * @param optimiserState AdamW's first then second moments, parameter order, each [M, shape]
     * @param evaluation the task's measurements
     */
    void checkpoint(
        long step, NDArray weights, List<NDArray> optimiserState, ZooTask.Evaluation evaluation)
        throws IOException;
  }

  /** The two kinds of work, for timing. */
  public enum Phase {
    /** Forward, backward and optimiser step of one update. */
    UPDATE,
    /** One checkpoint evaluation (metrics and stored rollouts). */
    EVALUATION
  }

  /** Receives the wall time of each piece of work. */
  @FunctionalInterface
  public interface Timer {
    void record(Phase phase, long nanos);
  }

  /** Where a resumed batch continues: the state saved at checkpoint {@code step}. */
  public record Resume(long step, NDArray weights, List<NDArray> optimiserState) {}

  private final ZooTask task;
  private final TrainingRecipe recipe;

  public ZooTrainer(ZooTask task, TrainingRecipe recipe) {
    this.task = task;
    this.recipe = recipe;
  }

  /** The initial flat weights [M, P] of {@code members}, in {@code manager}. */
  public static NDArray initialWeights(LstmSpec spec, List<ZooMember> members, NDManager manager) {
    int p = spec.parameterCount();
    float[] w = new float[members.size() * p];
    double bound = 1 / Math.sqrt(spec.hiddenSize());
    for (int k = 0; k < members.size(); k++) {
      SplittableRandom rng = members.get(k).initRandom();
      for (int i = 0; i < p; i++) {
        w[k * p + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
      }
    }
    return manager.create(w, new Shape(members.size(), p));
  }

  /**
   * Trains {@code members} from scratch or from {@code resume} to the last checkpoint.
   *
   * @param resume null to start at update 0
   * @return the final flat weights [M, P] in {@code manager}
   */
  public NDArray train(
      List<ZooMember> members,
      NDManager manager,
      Resume resume,
      CheckpointSink sink,
      Progress progress)
      throws IOException {
    return train(members, manager, resume, sink, progress, (phase, nanos) -> {});
  }

  /** As {@link #train(List, NDManager, Resume, CheckpointSink, Progress)}, reporting timings. */
  public NDArray train(
      List<ZooMember> members,
      NDManager manager,
      Resume resume,
      CheckpointSink sink,
      Progress progress,
      Timer timer)
      throws IOException {
    LstmSpec spec = task.spec();
    int count = members.size();
    int p = spec.parameterCount();
    long first = resume == null ? 0 : resume.step() + 1;
    float[][] weights;
    float[][] firstMoments = new float[count][p];
    float[][] secondMoments = new float[count][p];
    if (resume == null) {
      try (NDManager scope = manager.newSubManager()) {
        weights = rows(initialWeights(spec, members, scope), count);
      }
    } else {
      weights = rows(resume.weights(), count);
      int n = resume.optimiserState().size() / 2;
      InvalidInputException.require(
          n == spec.names().size(),
          "optimiser state",
          "must hold " + 2 * spec.names().size() + " arrays",
          resume.optimiserState().size());
      try (NDManager scope = manager.newSubManager()) {
        firstMoments = rows(flat(resume.optimiserState().subList(0, n), count, scope), count);
        secondMoments = rows(flat(resume.optimiserState().subList(n, 2 * n), count, scope), count);
      }
    }
    ZooUpdates updates =
        new ZooUpdates(task, recipe, members, weights, firstMoments, secondMoments);
    for (long u = first; u < recipe.updates(); u++) {
      long t0 = System.nanoTime();
      double loss = updates.update(u);
      progress.step(count);
      if (u % 50 == 0) {
        progress.status(String.format("update %d, mean loss %.4f", u, loss / count));
      }
      timer.record(Phase.UPDATE, System.nanoTime() - t0);
      if (recipe.isCheckpoint(u)) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray flatWeights = matrix(weights, scope);
          long t1 = System.nanoTime();
          ZooTask.Evaluation evaluation = task.evaluate(weights, members, u, scope);
          timer.record(Phase.EVALUATION, System.nanoTime() - t1);
          List<NDArray> moments = new ArrayList<>(unflatten(firstMoments, scope));
          moments.addAll(unflatten(secondMoments, scope));
          sink.checkpoint(u, flatWeights, moments, evaluation);
        }
      }
    }
    return matrix(weights, manager);
  }

  /** The rows of {@code flat} [M, P]. */
  private static float[][] rows(NDArray flat, int count) {
    float[] all = flat.toType(DataType.FLOAT32, false).toFloatArray();
    int p = all.length / count;
    float[][] out = new float[count][];
    for (int k = 0; k < count; k++) {
      out[k] = Arrays.copyOfRange(all, k * p, (k + 1) * p);
    }
    return out;
  }

  /** Rows as a matrix [M, P] in {@code manager}. */
  private static NDArray matrix(float[][] rows, NDManager manager) {
    int p = rows[0].length;
    float[] all = new float[rows.length * p];
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(rows[k], 0, all, k * p, p);
    }
    return manager.create(all, new Shape(rows.length, p));
  }

  /** Per-tensor arrays [M, shape] in flat order joined to flat vectors [M, P]. */
  private static NDArray flat(List<NDArray> tensors, int count, NDManager scope) {
    List<NDArray> parts = new ArrayList<>();
    for (NDArray t : tensors) {
      NDArray part = t.toType(DataType.FLOAT32, false).reshape(count, -1);
      part.attach(scope);
      parts.add(part);
    }
    return NDArrays.concat(new NDList(parts), 1);
  }

  /** Flat rows split into per-tensor arrays [M, shape] in flat order, in {@code manager}. */
  private List<NDArray> unflatten(float[][] rows, NDManager manager) {
    return new ArrayList<>(task.spec().unflatten(matrix(rows, manager)).values());
  }
}
