package org.replearn.privacy.noisygd;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.accounting.NoiseCalibration;
import org.replearn.privacy.accounting.PrivacyAccountant;

/**
 * Trains a linear classifier privately with NoisyGD (full batch) or DP-SGD (Poisson sampling), see
 * {@link NoisyGdConfig}. The privacy cost is composed into the caller's accountant before any data
 * is touched, so an accountant that cannot account for the run refuses it up front.
 */
public final class NoisyGd {
  private NoisyGd() {}

  /**
   * The result of a run.
   *
   * @param model the trained classifier
   * @param noiseMultiplier sigma used
   * @param clippedFraction fraction of the summed examples that were clipped, per step
   */
  public record Result(LinearClassifier model, double noiseMultiplier, double[] clippedFraction) {}

  /**
   * The noise multiplier that makes the run of {@code config} (its steps and sampling rate) spend
   * exactly (epsilon, delta) under {@code accountant}'s analysis.
   */
  public static double calibrate(
      NoisyGdConfig config, PrivacyAccountant accountant, double epsilon, double delta) {
    return NoiseCalibration.noiseMultiplier(accountant, config::privacyEvent, epsilon, delta);
  }

  /**
   * Runs NoisyGD / DP-SGD from W = 0.
   *
   * @param data private training features
   * @param config settings; sigma = 0 trains without noise and without accounting
   * @param seeds noise and sampling are drawn from {@code seeds.child("noise"/"sample").child(t)}
   * @param accountant receives the run's event when sigma > 0 (may be null only when sigma = 0)
   */
  public static Result train(
      LabelledFeatures data, NoisyGdConfig config, Seeds seeds, PrivacyAccountant accountant) {
    return train(data, config, seeds, accountant, null);
  }

  /**
   * Runs NoisyGD / DP-SGD from a given W_0 (a model-space perturbation of the zero start).
   *
   * @param initial W_0 (and b_0), copied; null for zeros. Its p and K must match {@code data}, and
   *     it has a bias exactly when {@code config.bias()}.
   */
  public static Result train(
      LabelledFeatures data,
      NoisyGdConfig config,
      Seeds seeds,
      PrivacyAccountant accountant,
      LinearClassifier initial) {
    if (initial != null) {
      initial.requireDimension(data);
      InvalidInputException.require(
          (initial.bias() != null) == config.bias(),
          "initial bias",
          "must be present exactly when the model has a bias (" + config.bias() + ")",
          initial.bias() != null);
    }
    if (config.isPrivate()) {
      if (accountant == null) {
        throw new IllegalArgumentException("a private run needs an accountant");
      }
      accountant.compose(config.privacyEvent(config.noiseMultiplier()));
    }
    LinearClassifier model =
        initial == null
            ? LinearClassifier.zeros(data.classes(), data.p(), config.bias())
            : new LinearClassifier(
                initial.weights().clone(),
                initial.bias() == null ? null : initial.bias().clone(),
                data.classes(),
                data.p());
    float[] w = model.weights();
    float[] b = model.bias();
    double noiseStd = config.noiseMultiplier() * config.clipNorm();
    double[] clippedFraction = new double[config.steps()];
    try (ClippedGradientSum kernel = new ClippedGradientSum(config.threads())) {
      for (int t = 0; t < config.steps(); t++) {
        int[] rows =
            config.samplingRate() == 1
                ? null
                : poissonSample(data.n(), config.samplingRate(), seeds.child("sample").child(t));
        ClippedGradientSum.Sum sum =
            kernel.compute(data, w, b, config.loss(), config.clipNorm(), rows);
        clippedFraction[t] = sum.count() == 0 ? 0 : sum.clipped() / (double) sum.count();
        SplittableRandom noise = seeds.child("noise").child(t).random();
        double eta = config.learningRate();
        for (int i = 0; i < w.length; i++) {
          w[i] -= (float) (eta * (sum.weights()[i] + noiseStd * noise.nextGaussian()));
        }
        if (b != null) {
          for (int i = 0; i < b.length; i++) {
            b[i] -= (float) (eta * (sum.bias()[i] + noiseStd * noise.nextGaussian()));
          }
        }
      }
    }
    return new Result(model, config.noiseMultiplier(), clippedFraction);
  }

  /** Indices kept by independent Bernoulli(q) draws, in increasing order. */
  static int[] poissonSample(int n, double q, Seeds seeds) {
    SplittableRandom rng = seeds.random();
    int[] kept = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < q) {
        kept[m++] = i;
      }
    }
    return java.util.Arrays.copyOf(kept, m);
  }
}
