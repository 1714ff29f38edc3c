package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.ThreadGradients;
import org.replearn.core.numeric.ArgMax;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.Mlp;
import org.replearn.weightspace.encoder.ParameterStore;

/**
 * An MLP trained on frozen embeddings to predict one {@link DownstreamTarget}, then scored on
 * held-out rows. Loss: BCE over the multi-hot code, cross-entropy over classes, or MSE on
 * standardised scalars (standardised with the training rows' mean and deviation; scores are in the
 * original units). Inputs: the embeddings standardised per dimension with the training rows' mean
 * and deviation.
 */
public final class EmbeddingPredictor {
  private EmbeddingPredictor() {}

  /**
   * Settings of the predictor (the official repository has no code for this phase; these are ours).
   *
   * @param hidden width of the two hidden layers
   * @param steps AdamW steps
   * @param batchSize rows per step
   * @param learningRate AdamW learning rate
   * @param weightDecay AdamW weight decay
   */
  public record Config(
      int hidden, int steps, int batchSize, double learningRate, double weightDecay) {
    public Config {
      InvalidInputException.require(hidden > 0, "predictor hidden size", "must be > 0", hidden);
      InvalidInputException.require(steps > 0, "predictor steps", "must be > 0", steps);
      InvalidInputException.require(batchSize > 0, "predictor batch", "must be > 0", batchSize);
      InvalidInputException.require(
          learningRate > 0, "predictor learning rate", "must be > 0", learningRate);
      InvalidInputException.require(
          weightDecay >= 0, "predictor weight decay", "must be >= 0", weightDecay);
    }

    /** 2 x 128 hidden, 2,000 steps of 256 rows, AdamW 1e-3, weight decay 0.01. */
    public static Config defaults() {
      return new Config(128, 2000, 256, 1e-3, 0.01);
    }
  }

  /**
   * The embeddings with each dimension standardised by the training rows' mean and deviation (a
   * self-supervised embedding may spread over a tiny range early in training; unit-norm vectors
   * that differ by 1e-3 would otherwise look constant to the predictor). Constant dimensions stay
   * at 0.
   */
  static float[][] standardised(float[][] embeddings, int[] train) {
    int d = embeddings[0].length;
    double[] mean = new double[d];
    double[] square = new double[d];
    for (int r : train) {
      for (int j = 0; j < d; j++) {
        mean[j] += embeddings[r][j];
        square[j] += (double) embeddings[r][j] * embeddings[r][j];
      }
    }
    double[] deviation = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] /= train.length;
      deviation[j] = Math.sqrt(Math.max(0, square[j] / train.length - mean[j] * mean[j]));
    }
    float[][] out = new float[embeddings.length][d];
    for (int r = 0; r < embeddings.length; r++) {
      for (int j = 0; j < d; j++) {
        out[r][j] = deviation[j] > 0 ? (float) ((embeddings[r][j] - mean[j]) / deviation[j]) : 0f;
      }
    }
    return out;
  }

  /**
   * Trains on {@code train} and scores each evaluation set with every score of {@link #scoreAll}.
   *
   * @param embeddings [rows][d]
   * @return [set][score]: the main score, then (multi-hot) each group's accuracy; NaN for an empty
   *     set
   */
  public static double[][] trainAndScoreAll(
      float[][] embeddings,
      DownstreamTarget target,
      int[] train,
      List<int[]> evaluationSets,
      Config config,
      SplittableRandom rng,
      NDManager manager) {
    InvalidInputException.require(
        train.length > 0, "downstream training rows", "must not be empty", 0);
    int d = embeddings[0].length;
    int out = target.outputSize();
    double[] scale = standardisation(target, train);
    float[][] inputs = standardised(embeddings, train);
    try (ParameterStore store = new ParameterStore(manager, DataType.FLOAT32)) {
      Mlp mlp = new Mlp(store, "predictor", rng, d, config.hidden(), config.hidden(), out);
      try (AdamW adam =
          new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, config.weightDecay()), store.list())) {
        for (int step = 0; step < config.steps(); step++) {
          int[] rows = new int[Math.min(config.batchSize(), train.length)];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = train[rng.nextInt(train.length)];
          }
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(store.asNDList());
            NDArray x = features(inputs, rows, scope);
            NDArray y = coded(target, rows, scale, scope);
            try (GradientCollector collector = ThreadGradients.open()) {
              collector.backward(loss(target.kind(), mlp.apply(x), y));
            }
            List<NDArray> gradients = Gradients.of(store.list(), scope);
            scope.tempAttachAll(new NDList(adam.state())); // frees AdamW's temporaries
            adam.step(gradients, config.learningRate());
            Gradients.zero(gradients);
          }
        }
      }
      double[][] scores = new double[evaluationSets.size()][];
      for (int s = 0; s < scores.length; s++) {
        int[] rows = evaluationSets.get(s);
        if (rows.length == 0) {
          scores[s] = new double[scoreCount(target)];
          java.util.Arrays.fill(scores[s], Double.NaN);
          continue;
        }
        try (NDManager scope = manager.newSubManager()) {
          scope.tempAttachAll(store.asNDList());
          float[] predicted = mlp.apply(features(inputs, rows, scope)).toFloatArray();
          scores[s] = scoreAll(target, rows, predicted, scale);
        }
      }
      return scores;
    }
  }

  private static NDArray features(float[][] embeddings, int[] rows, NDManager manager) {
    int d = embeddings[0].length;
    float[] x = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(embeddings[rows[i]], 0, x, i * d, d);
    }
    return manager.create(x, new Shape(rows.length, d));
  }

  /** Mean and standard deviation of a scalar target on the training rows; (0, 1) otherwise. */
  static double[] standardisation(DownstreamTarget target, int[] train) {
    if (target.kind() != TargetKind.SCALAR) {
      return new double[] {0, 1};
    }
    double mean = 0;
    for (int r : train) {
      mean += target.values()[r][0];
    }
    mean /= train.length;
    double var = 0;
    for (int r : train) {
      double e = target.values()[r][0] - mean;
      var += e * e;
    }
    double std = Math.sqrt(var / train.length);
    return new double[] {mean, std > 0 ? std : 1};
  }

  static NDArray coded(DownstreamTarget target, int[] rows, double[] scale, NDManager manager) {
    int out = target.outputSize();
    float[] y = new float[rows.length * out];
    for (int i = 0; i < rows.length; i++) {
      double[] v = target.values()[rows[i]];
      switch (target.kind()) {
        case SCALAR -> y[i] = (float) ((v[0] - scale[0]) / scale[1]);
        case CLASS -> y[i * out + (int) v[0]] = 1;
        case MULTI_HOT -> {
          int offset = 0;
          for (int g = 0; g < target.groups().length; g++) {
            y[i * out + offset + (int) v[g]] = 1;
            offset += target.groups()[g];
          }
        }
      }
    }
    return manager.create(y, new Shape(rows.length, out));
  }

  static NDArray loss(TargetKind kind, NDArray logits, NDArray y) {
    return switch (kind) {
      case SCALAR -> logits.sub(y).square().mean();
      case CLASS -> logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
        // stable BCE with logits: max(l, 0) - l y + log(1 + exp(-|l|))
      case MULTI_HOT ->
          logits.maximum(0f).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1f).log()).mean();
    };
  }

  /** Number of scores {@link #scoreAll} gives: 1, plus one per group of a multi-hot target. */
  static int scoreCount(DownstreamTarget target) {
    return target.kind() == TargetKind.MULTI_HOT ? 1 + target.groups().length : 1;
  }

  /**
   * The main score ({@link #score}) and, for a multi-hot target, the accuracy of each group (the
   * share of rows whose group arg-max is right).
   */
  static double[] scoreAll(DownstreamTarget target, int[] rows, float[] predicted, double[] scale) {
    double[] out = new double[scoreCount(target)];
    out[0] = score(target, rows, predicted, scale);
    if (target.kind() == TargetKind.MULTI_HOT) {
      int width = target.outputSize();
      int offset = 0;
      for (int g = 0; g < target.groups().length; g++) {
        int right = 0;
        for (int i = 0; i < rows.length; i++) {
          int guess = ArgMax.of(predicted, i * width + offset, target.groups()[g]);
          right += guess == (int) target.values()[rows[i]][g] ? 1 : 0;
        }
        out[1 + g] = right / (double) rows.length;
        offset += target.groups()[g];
      }
    }
    return out;
  }

  static double score(DownstreamTarget target, int[] rows, float[] predicted, double[] scale) {
    int out = target.outputSize();
    double total = 0;
    for (int i = 0; i < rows.length; i++) {
      double[] v = target.values()[rows[i]];
      switch (target.kind()) {
        case SCALAR -> {
          double e = predicted[i] * scale[1] + scale[0] - v[0];
          total += e * e;
        }
        case CLASS -> total += ArgMax.of(predicted, i * out, out) == (int) v[0] ? 1 : 0;
        case MULTI_HOT -> {
          boolean all = true;
          int offset = 0;
          for (int g = 0; g < target.groups().length; g++) {
            all &= ArgMax.of(predicted, i * out + offset, target.groups()[g]) == (int) v[g];
            offset += target.groups()[g];
          }
          total += all ? 1 : 0;
        }
      }
    }
    return total / rows.length;
  }
}
