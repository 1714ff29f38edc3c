package org.replearn.multiview.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.TorchThreads;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.Gradients;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.loss.MultiViewLoss;

/**
 * Multi-view self-supervised training: every step draws a batch of n objects, k random views of
 * each, encodes and projects all k n views, and takes one AdamW step on the loss of the {@code [k,
 * n, dim]} projections. The M3G value (circular variance, fixed epsilon) of a fixed monitor batch
 * is recorded every {@code monitorEvery} steps whatever loss is trained, so runs with different
 * losses can be compared on one curve.
 */
public final class MultiViewTrainer {

  /**
   * Settings.
   *
   * @param views k &gt;= 2
   * @param batch n objects per step, &gt;= 2
   * @param epochs passes over the training objects (steps = epochs * floor(size / batch))
   * @param learningRate AdamW learning rate
   * @param weightDecay AdamW decoupled weight decay
   * @param monitorEvery record the monitor M3G every this many steps (and at the first and last)
   * @param monitorEpsilon epsilon of the monitor M3G
   */
  public record Config(
      int views,
      int batch,
      int epochs,
      double learningRate,
      double weightDecay,
      int monitorEvery,
      double monitorEpsilon) {
    public Config {
      InvalidInputException.require(views >= 2, "views", "must be >= 2", views);
      InvalidInputException.require(batch >= 2, "batch", "must be >= 2", batch);
      InvalidInputException.require(epochs >= 1, "epochs", "must be >= 1", epochs);
      InvalidInputException.require(learningRate > 0, "learningRate", "must be > 0", learningRate);
      InvalidInputException.require(weightDecay >= 0, "weightDecay", "must be >= 0", weightDecay);
      InvalidInputException.require(
          monitorEvery >= 1, "monitorEvery", "must be >= 1", monitorEvery);
      InvalidInputException.require(
          monitorEpsilon > 0, "monitorEpsilon", "must be > 0", monitorEpsilon);
    }

    /**
     * A builder with the command line's defaults, every setting optional: 4 views, batch 32, 1
     * epoch, learning rate 3e-3, weight decay 1e-4, monitor every 50 steps at epsilon 0.05.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Config}; {@link #build()} validates, naming the setting at fault. */
    public static final class Builder {
      private int views = 4;
      private int batch = 32;
      private int epochs = 1;
      private double learningRate = 3e-3;
      private double weightDecay = 1e-4;
      private int monitorEvery = 50;
      private double monitorEpsilon = 0.05;

      private Builder() {}

      /** k views per object (default 4). */
      public Builder optViews(int v) {
        views = v;
        return this;
      }

      /** n objects per step (default 32). */
      public Builder optBatch(int v) {
        batch = v;
        return this;
      }

      /** Passes over the training objects (default 1). */
      public Builder optEpochs(int v) {
        epochs = v;
        return this;
      }

      /** AdamW learning rate (default 3e-3). */
      public Builder optLearningRate(double v) {
        learningRate = v;
        return this;
      }

      /** AdamW decoupled weight decay (default 1e-4). */
      public Builder optWeightDecay(double v) {
        weightDecay = v;
        return this;
      }

      /** Steps between monitor M3G records (default 50). */
      public Builder optMonitorEvery(int v) {
        monitorEvery = v;
        return this;
      }

      /** Epsilon of the monitor M3G (default 0.05). */
      public Builder optMonitorEpsilon(double v) {
        monitorEpsilon = v;
        return this;
      }

      /** The validated settings. */
      public Config build() {
        return new Config(
            views, batch, epochs, learningRate, weightDecay, monitorEvery, monitorEpsilon);
      }
    }
  }

  /**
   * What happened during training.
   *
   * @param loss the trained loss value at every step
   * @param monitorSteps steps at which the monitor M3G was recorded
   * @param monitorM3g the monitor M3G at those steps
   * @param seconds wall time
   */
  public record History(double[] loss, int[] monitorSteps, double[] monitorM3g, double seconds) {}

  /** Most steps one run may take (the loss history holds one double per step). */
  static final int MAX_STEPS = 100_000_000;

  private MultiViewTrainer() {}

  /** Trains {@code model} in place, without checkpoints. */
  public static History train(
      MultiViewModel model, ViewSource source, MultiViewLoss loss, Config config, Seeds seeds) {
    try {
      return train(model, source, loss, config, seeds, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Trains {@code model} in place. With a checkpoint folder, the parameters, optimiser state and
   * history are saved after every epoch, and a run started on a folder that holds a compatible
   * checkpoint (same settings except possibly more epochs) continues after its last epoch. The
   * random views of step t and the order of epoch e are drawn from seeds derived from (seed, t) and
   * (seed, e), so a resumed run gives the same result as an uninterrupted one. PyTorch runs on one
   * intra-op thread meanwhile (the result then does not depend on how a reduction is split), and
   * the M3G solver's exponentials are JIT-independent ({@code VectorExp}), so two runs with the
   * same seed give the same bits.
   *
   * @param checkpointDir folder for {@code checkpoint.json} and its tensors, or null
   */
  public static History train(
      MultiViewModel model,
      ViewSource source,
      MultiViewLoss loss,
      Config config,
      Seeds seeds,
      Path checkpointDir)
      throws IOException {
    int n = config.batch();
    int k = config.views();
    InvalidInputException.require(
        source.size() >= n, "batch", "must not exceed the " + source.size() + " objects", n);
    int stepsPerEpoch = source.size() / n;
    long steps = (long) stepsPerEpoch * config.epochs();
    InvalidInputException.require(
        steps <= MAX_STEPS,
        "epochs",
        "times " + stepsPerEpoch + " steps per epoch must be at most " + MAX_STEPS + " steps",
        config.epochs());
    int total = (int) steps;
    M3gLoss monitor = new M3gLoss(M3gLoss.Config.defaults().withEpsilon(config.monitorEpsilon()));
    int[] monitorIdx = RandomArrays.permutation(seeds.child("monitor").random(), source.size());
    monitorIdx = java.util.Arrays.copyOf(monitorIdx, n);
    float[] monitorViews = source.views(monitorIdx, k, seeds.child("monitor-views").random());

    double[] losses = new double[total];
    List<Integer> mSteps = new ArrayList<>();
    List<Double> mValues = new ArrayList<>();
    long start = System.nanoTime();
    double earlierSeconds = 0;
    NDManager manager = model.manager();
    try (TorchThreads threads = TorchThreads.use(1);
        AdamW optimiser =
            new AdamW(
                AdamW.Config.pytorchDefaults().withWeightDecay(config.weightDecay()),
                model.parameters());
        Progress progress = Progress.start("multiview train " + loss.name(), total)) {
      int firstEpoch = 0;
      TrainingCheckpoint resumed =
          checkpointDir == null
              ? null
              : TrainingCheckpoint.restore(
                  checkpointDir, loss.name(), config, source.size(), model, optimiser);
      if (resumed != null) {
        firstEpoch = resumed.epochsDone();
        System.arraycopy(resumed.loss(), 0, losses, 0, resumed.loss().length);
        for (int q = 0; q < resumed.monitorSteps().length; q++) {
          mSteps.add(resumed.monitorSteps()[q]);
          mValues.add(resumed.monitorM3g()[q]);
        }
        earlierSeconds = resumed.seconds();
        progress.step((long) firstEpoch * stepsPerEpoch);
      }
      for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
        int[] perm =
            RandomArrays.permutation(seeds.child("order").child(epoch).random(), source.size());
        for (int s = 0; s < stepsPerEpoch; s++) {
          int step = epoch * stepsPerEpoch + s;
          if (step % config.monitorEvery() == 0) {
            mSteps.add(step);
            mValues.add(monitorValue(model, monitor, monitorViews, k, n));
          }
          int[] idx = java.util.Arrays.copyOfRange(perm, s * n, (s + 1) * n);
          float[] views = source.views(idx, k, seeds.child("views").child(step).random());
          losses[step] = step(model, loss, optimiser, views, k, n, config.learningRate());
          progress.step(1);
          progress.status(String.format(java.util.Locale.ROOT, "loss %.4f", losses[step]));
        }
        if (checkpointDir != null) {
          int done = (epoch + 1) * stepsPerEpoch;
          TrainingCheckpoint.save(
              checkpointDir,
              new TrainingCheckpoint(
                  loss.name(),
                  config,
                  source.size(),
                  epoch + 1,
                  java.util.Arrays.copyOf(losses, done),
                  mSteps.stream().mapToInt(Integer::intValue).toArray(),
                  mValues.stream().mapToDouble(Double::doubleValue).toArray(),
                  earlierSeconds + (System.nanoTime() - start) / 1e9,
                  optimiser.steps()),
              model,
              optimiser);
        }
      }
      mSteps.add(total);
      mValues.add(monitorValue(model, monitor, monitorViews, k, n));
    }
    return new History(
        losses,
        mSteps.stream().mapToInt(Integer::intValue).toArray(),
        mValues.stream().mapToDouble(Double::doubleValue).toArray(),
        earlierSeconds + (System.nanoTime() - start) / 1e9);
  }

  /** One AdamW step on k views of n objects; returns the loss value. */
  private static double step(
      MultiViewModel model,
      MultiViewLoss loss,
      AdamW optimiser,
      float[] views,
      int k,
      int n,
      double learningRate) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(views, model.batchShape((long) k * n));
      MultiViewLoss.Objective objective;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray z = model.project(model.represent(x, true), true);
        objective = loss.objective(z.reshape(new Shape(k, n, z.getShape().get(1))));
        gc.backward(objective.differentiable());
      }
      List<NDArray> grads = Gradients.of(model.parameters(), scope);
      optimiser.step(grads, learningRate);
      Gradients.zero(grads);
      return objective.value();
    }
  }

  private static double monitorValue(
      MultiViewModel model, M3gLoss monitor, float[] views, int k, int n) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(views, model.batchShape((long) k * n));
      NDArray z = model.project(model.represent(x, false), false);
      long d = z.getShape().get(1);
      float[] flat = z.toFloatArray();
      double[][][] e = new double[k][n][(int) d];
      for (int l = 0; l < k; l++) {
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < d; c++) {
            e[l][i][c] = flat[(int) ((l * n + i) * d + c)];
          }
        }
      }
      return monitor.evaluate(e, false).value();
    }
  }
}
