package org.replearn.privacy.probe;

import org.replearn.core.InvalidInputException;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.noisygd.Loss;
import org.replearn.privacy.noisygd.NoisyGdConfig;

/**
 * Settings of a private linear probe.
 *
 * @param epsilon target epsilon > 0 (infinite: the non-private baseline, sigma = 0)
 * @param delta target delta in (0, 1)
 * @param steps NoisyGD steps T
 * @param learningRate eta, applied to the noisy gradient sum
 * @param clipNorm G
 * @param samplingRate q (1: full-batch NoisyGD; < 1: DP-SGD with Poisson sampling)
 * @param normalize x -> x/||x|| before everything else
 * @param pcaDimension d > 0 to project onto the top d principal directions of the public split; 0
 *     for none
 * @param loss cross-entropy or squared
 * @param accountant GDP (exact, full batch only) or RDP
 * @param neighbouring the neighbouring relation
 * @param threads kernel threads
 */
public record ProbeConfig(
    double epsilon,
    double delta,
    int steps,
    double learningRate,
    double clipNorm,
    double samplingRate,
    boolean normalize,
    int pcaDimension,
    Loss loss,
    ProbeAccountant accountant,
    NeighbouringRelation neighbouring,
    int threads) {

  public ProbeConfig {
    InvalidInputException.require(epsilon > 0, "epsilon", "must be > 0", epsilon);
    InvalidInputException.require(delta > 0 && delta < 1, "delta", "must be in (0, 1)", delta);
    InvalidInputException.require(pcaDimension >= 0, "pcaDimension", "must be >= 0", pcaDimension);
    InvalidInputException.require(accountant != null, "accountant", "must be given", null);
    // The remaining fields are checked by NoisyGdConfig.
    new NoisyGdConfig(steps, learningRate, clipNorm, 0, samplingRate, loss, false, threads);
  }

  /** Whether noise is needed (finite epsilon). */
  public boolean isPrivate() {
    return Double.isFinite(epsilon);
  }

  /** The NoisyGD settings with noise multiplier {@code sigma}. */
  public NoisyGdConfig noisyGd(double sigma) {
    return new NoisyGdConfig(
        steps, learningRate, clipNorm, sigma, samplingRate, loss, false, threads);
  }

  /** A fresh accountant of the configured kind. */
  public PrivacyAccountant newAccountant() {
    return accountant.create(neighbouring);
  }
}
