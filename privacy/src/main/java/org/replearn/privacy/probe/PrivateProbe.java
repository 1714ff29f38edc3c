package org.replearn.privacy.probe;

import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.linalg.Pca;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.collapse.CollapseMetrics;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.noisygd.LinearClassifier;
import org.replearn.privacy.noisygd.NoisyGd;
import org.replearn.privacy.noisygd.NoisyGdConfig;

/**
 * A private linear probe end to end: optional per-example normalisation, optional PCA fitted on the
 * public split, noise calibrated to (epsilon, delta), NoisyGD on the private training split,
 * accuracy on the test split. Collapse metrics are computed on the test features (never on the
 * private training data, whose statistics would leak).
 */
public final class PrivateProbe {
  private PrivateProbe() {}

  /**
   * The outcome.
   *
   * @param accuracy test accuracy
   * @param epsilon epsilon spent at the configured delta (infinite without noise)
   * @param noiseMultiplier sigma used
   * @param featureDimension dimension the probe was trained on (after PCA)
   * @param testMetrics collapse metrics of the (preprocessed) test features
   * @param model the trained probe, on the preprocessed features
   */
  public record Result(
      double accuracy,
      double epsilon,
      double noiseMultiplier,
      int featureDimension,
      CollapseMetrics testMetrics,
      LinearClassifier model) {}

  /**
   * Runs the probe.
   *
   * @param privateTrain training features, private
   * @param test test features
   * @param publicSplit features used only to fit the PCA (required when PCA is on)
   */
  public static Result run(
      LabelledFeatures privateTrain,
      LabelledFeatures test,
      LabelledFeatures publicSplit,
      ProbeConfig config,
      Seeds seeds) {
    return run(privateTrain, test, publicSplit, config, seeds, null);
  }

  /**
   * Runs the probe from a given start W_0.
   *
   * @param initial W_0 on the preprocessed features ({@code [K, d]} with PCA to d), or null for 0
   */
  public static Result run(
      LabelledFeatures privateTrain,
      LabelledFeatures test,
      LabelledFeatures publicSplit,
      ProbeConfig config,
      Seeds seeds,
      LinearClassifier initial) {
    InvalidInputException.require(
        test.p() == privateTrain.p(),
        "test feature dimension",
        "must equal the training dimension " + privateTrain.p(),
        test.p());
    LabelledFeatures train = privateTrain;
    LabelledFeatures eval = test;
    LabelledFeatures pub = publicSplit;
    if (config.normalize()) {
      train = Normalization.perExample(train);
      eval = Normalization.perExample(eval);
      pub = pub == null ? null : Normalization.perExample(pub);
    }
    if (config.pcaDimension() > 0) {
      InvalidInputException.require(
          pub != null, "pcaDimension", "needs a public split to fit on", config.pcaDimension());
      Pca pca =
          Pca.randomized(
              pub.x(), pub.n(), pub.p(), config.pcaDimension(), seeds.child("pca").random());
      train = train.projectedOn(pca);
      eval = eval.projectedOn(pca);
    }
    double sigma = 0;
    if (initial != null) {
      initial.requireDimension(train);
    }
    double spent = Double.POSITIVE_INFINITY;
    PrivacyAccountant accountant = null;
    if (config.isPrivate()) {
      accountant = config.newAccountant();
      sigma = NoisyGd.calibrate(config.noisyGd(1), accountant, config.epsilon(), config.delta());
    }
    NoisyGdConfig gd = config.noisyGd(sigma);
    NoisyGd.Result trained = NoisyGd.train(train, gd, seeds.child("train"), accountant, initial);
    if (accountant != null) {
      spent = accountant.epsilon(config.delta());
    }
    return new Result(
        trained.model().accuracy(eval),
        spent,
        sigma,
        train.p(),
        CollapseMetrics.of(eval),
        trained.model());
  }
}
