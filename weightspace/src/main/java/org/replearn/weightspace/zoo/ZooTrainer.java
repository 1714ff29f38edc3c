package org.replearn.weightspace.zoo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.Progress;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.Gradients;

/**
 * Trains a batch of M zoo models as one program ({@link BatchedLstm}): one batched forward and
 * backward per update for all models, each on its own data stream, then AdamW with each model's own
 * decoupled weight decay. The loss is the sum over models of each model's mean cross-entropy, so
 * each model gets exactly the gradient it would get alone.
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
    long first = resume == null ? 0 : resume.step() + 1;
    try (NDManager model = manager.newSubManager()) {
      NDArray start = resume == null ? initialWeights(spec, members, model) : resume.weights();
      BatchedLstm lstm = BatchedLstm.fromFlat(spec, start, model);
      List<NDArray> params = lstm.parameters();
      for (NDArray p : params) {
        p.setRequiresGradient(true);
      }
      try (AdamW adam = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), params)) {
        if (resume != null) {
          adam.restore(resume.optimiserState(), first);
        }
        List<NDArray> managed = new ArrayList<>(params);
        managed.addAll(adam.state());
        NDArray[] longLived = managed.toArray(new NDArray[0]);
        for (long u = first; u < recipe.updates(); u++) {
          long t0 = System.nanoTime();
          try (NDManager scope = model.newSubManager()) {
            // parameters and moments visit the step scope, so every array derived from them
            // (including inside AdamW) is freed with the scope
            scope.tempAttachAll(longLived);
            double loss = update(lstm, adam, members, u, scope);
            progress.step(members.size());
            if (u % 50 == 0) {
              progress.status(String.format("update %d, mean loss %.4f", u, loss));
            }
          }
          timer.record(Phase.UPDATE, System.nanoTime() - t0);
          if (recipe.isCheckpoint(u)) {
            try (NDManager scope = model.newSubManager()) {
              scope.tempAttachAll(longLived);
              long t1 = System.nanoTime();
              ZooTask.Evaluation evaluation = task.evaluate(lstm, members, u, scope);
              timer.record(Phase.EVALUATION, System.nanoTime() - t1);
              sink.checkpoint(u, lstm.toFlat(scope), adam.state(), evaluation);
            }
          }
        }
      }
      NDArray result = lstm.toFlat(model);
      result.attach(manager);
      return result;
    }
  }

  /** One AdamW update of all models; returns the mean loss over models. */
  private double update(
      BatchedLstm lstm, AdamW adam, List<ZooMember> members, long u, NDManager scope) {
    ZooTask.Batch batch = task.batch(members, u, recipe.batchSize(), scope);
    Shape s = batch.inputs().getShape();
    double tokens = (double) s.get(1) * s.get(2);
    NDArray perModel;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits = lstm.forward(lstm.prepare(scope), batch.inputs());
      perModel =
          logits.logSoftmax(-1).mul(batch.targets()).sum(new int[] {1, 2, 3}).neg().div(tokens);
      collector.backward(perModel.sum());
    }
    List<NDArray> grads = Gradients.of(lstm.parameters(), scope);
    double lr = recipe.learningRate(u);
    decay(lstm.parameters(), members, lr, scope);
    adam.step(grads, lr);
    Gradients.zero(grads);
    return perModel.mean().getFloat();
  }

  /** Decoupled weight decay theta_m <- theta_m (1 - lr lambda_m), before the Adam step. */
  private static void decay(
      List<NDArray> params, List<ZooMember> members, double lr, NDManager scope) {
    float[] factor = new float[members.size()];
    boolean any = false;
    for (int k = 0; k < factor.length; k++) {
      factor[k] = (float) (1 - lr * members.get(k).weightDecay());
      any |= members.get(k).weightDecay() != 0;
    }
    if (!any) {
      return;
    }
    NDArray f = scope.create(factor);
    for (NDArray p : params) {
      long[] shape = new long[p.getShape().dimension()];
      java.util.Arrays.fill(shape, 1);
      shape[0] = factor.length;
      p.muli(f.reshape(new Shape(shape)));
    }
  }
}
