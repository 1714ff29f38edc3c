package org.replearn.privacy;

import org.replearn.core.engine.Seeds;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.NoiseCalibration;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.accounting.PrivacyEvent;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.probe.PrivateProbe;
import org.replearn.privacy.probe.ProbeAccountant;
import org.replearn.privacy.probe.ProbeConfig;

/**
 * The entry point of private linear probing for Java callers: the privacy spent by T NoisyGD (or
 * Poisson-sampled DP-SGD) steps, the noise that spends a given budget, and a private linear probe
 * trained on pre-computed features, as {@code replearn privacy epsilon|sigma|probe} do.
 * Neighbouring data sets differ by adding or removing one example; the accountant is Gaussian DP
 * (exact) for full batches (q = 1) and Renyi DP in dp_accounting's convention for q &lt; 1, as the
 * CLI's defaults.
 */
public final class PrivateProbing {
  private PrivateProbing() {}

  /**
   * What a run spends.
   *
   * @param epsilon epsilon at {@code delta}
   * @param delta the delta asked for
   * @param noiseMultiplier sigma of every step
   * @param steps T
   * @param samplingRate q (1: full batch)
   * @param accountant the accountant that computed epsilon
   */
  public record Spent(
      double epsilon,
      double delta,
      double noiseMultiplier,
      int steps,
      double samplingRate,
      ProbeAccountant accountant) {}

  /**
   * The epsilon spent at {@code delta} by {@code steps} steps of noise multiplier {@code sigma},
   * each on the whole data set ({@code samplingRate} 1) or on a Poisson sample of rate q.
   */
  public static Spent epsilon(double sigma, int steps, double samplingRate, double delta) {
    ProbeAccountant kind = accountantFor(samplingRate);
    PrivacyAccountant accountant = kind.create(NeighbouringRelation.ADD_OR_REMOVE_ONE);
    accountant.compose(event(sigma, steps, samplingRate));
    return new Spent(accountant.epsilon(delta), delta, sigma, steps, samplingRate, kind);
  }

  /**
   * The smallest noise multiplier sigma whose {@code steps} steps spend at most {@code epsilon} at
   * {@code delta}.
   */
  public static double noiseMultiplier(
      double epsilon, double delta, int steps, double samplingRate) {
    PrivacyAccountant accountant =
        accountantFor(samplingRate).create(NeighbouringRelation.ADD_OR_REMOVE_ONE);
    return NoiseCalibration.noiseMultiplier(
        accountant, s -> event(s, steps, samplingRate), epsilon, delta);
  }

  /**
   * Trains a private linear probe on {@code train} and scores it on {@code test}: the noise is
   * calibrated to the config's (epsilon, delta), and the result reports the epsilon spent.
   *
   * @param train private training features {@code [n, p]} with labels
   * @param test test features {@code [m, p]}
   * @param seed the noise and the sampling
   */
  public static PrivateProbe.Result probe(
      LabelledFeatures train, LabelledFeatures test, ProbeConfig config, long seed) {
    return PrivateProbe.run(train, test, null, config, new Seeds(seed));
  }

  /**
   * As {@link #probe(LabelledFeatures, LabelledFeatures, ProbeConfig, long)} with a public split
   * that the config's PCA is fitted on (it costs no privacy).
   */
  public static PrivateProbe.Result probe(
      LabelledFeatures train,
      LabelledFeatures test,
      LabelledFeatures publicSplit,
      ProbeConfig config,
      long seed) {
    return PrivateProbe.run(train, test, publicSplit, config, new Seeds(seed));
  }

  private static ProbeAccountant accountantFor(double samplingRate) {
    return samplingRate == 1 ? ProbeAccountant.GDP : ProbeAccountant.RDP;
  }

  private static PrivacyEvent event(double sigma, int steps, double samplingRate) {
    return samplingRate == 1
        ? PrivacyEvent.noisyGd(sigma, steps)
        : PrivacyEvent.dpSgd(sigma, samplingRate, steps);
  }
}
