package org.replearn.privacy.probe;

import org.replearn.core.InvalidInputException;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.noisygd.Loss;
import org.replearn.privacy.noisygd.NoisyGdConfig;
import org.replearn.privacy.noisygd.NoisyGdLoopBuilder;

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
    noisyGdBuilder(steps, learningRate, clipNorm, samplingRate, loss, threads).build();
  }

  /**
   * A builder: epsilon, delta, steps and learning rate must be set; the rest default to clip norm
   * 1, q = 1, no normalisation, no PCA, cross-entropy, add-or-remove-one neighbours, one thread,
   * and the GDP accountant when q = 1, RDP otherwise.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ProbeConfig}; {@link #build()} validates, naming the setting at fault ({@code
   * "epsilon must be > 0, found -1.0"}, {@code "delta must be set, found nothing"}).
   */
  public static final class Builder extends NoisyGdLoopBuilder<Builder> {
    private Double epsilon;
    private Double delta;
    private double clipNorm = 1;
    private boolean normalize = false;
    private int pcaDimension = 0;
    private ProbeAccountant accountant;
    private NeighbouringRelation neighbouring = NeighbouringRelation.ADD_OR_REMOVE_ONE;

    private Builder() {}

    /** Target epsilon > 0; infinite for the non-private baseline (required). */
    public Builder setEpsilon(double v) {
      epsilon = v;
      return this;
    }

    /** Target delta in (0, 1) (required). */
    public Builder setDelta(double v) {
      delta = v;
      return this;
    }

    /** G (default 1). */
    public Builder optClipNorm(double v) {
      clipNorm = v;
      return this;
    }

    /** x -> x/||x|| first (default false). */
    public Builder optNormalize(boolean v) {
      normalize = v;
      return this;
    }

    /** Top principal directions of the public split to project onto (default 0: none). */
    public Builder optPcaDimension(int v) {
      pcaDimension = v;
      return this;
    }

    /** The accountant (default GDP when q = 1, RDP otherwise). */
    public Builder optAccountant(ProbeAccountant v) {
      accountant = v;
      return this;
    }

    /** The neighbouring relation (default add-or-remove-one). */
    public Builder optNeighbouring(NeighbouringRelation v) {
      neighbouring = v;
      return this;
    }

    /** The validated settings. */
    public ProbeConfig build() {
      return new ProbeConfig(
          InvalidInputException.requireSet(epsilon, "epsilon"),
          InvalidInputException.requireSet(delta, "delta"),
          InvalidInputException.requireSet(steps, "steps"),
          InvalidInputException.requireSet(learningRate, "learningRate"),
          clipNorm,
          samplingRate,
          normalize,
          pcaDimension,
          loss,
          accountant != null
              ? accountant
              : (samplingRate == 1 ? ProbeAccountant.GDP : ProbeAccountant.RDP),
          neighbouring,
          threads);
    }
  }

  /** Whether noise is needed (finite epsilon). */
  public boolean isPrivate() {
    return Double.isFinite(epsilon);
  }

  /** The NoisyGD settings with noise multiplier {@code sigma}. */
  public NoisyGdConfig noisyGd(double sigma) {
    return noisyGdBuilder(steps, learningRate, clipNorm, samplingRate, loss, threads)
        .optNoiseMultiplier(sigma)
        .build();
  }

  private static NoisyGdConfig.Builder noisyGdBuilder(
      int steps,
      double learningRate,
      double clipNorm,
      double samplingRate,
      Loss loss,
      int threads) {
    return NoisyGdConfig.builder()
        .setSteps(steps)
        .setLearningRate(learningRate)
        .setClipNorm(clipNorm)
        .optSamplingRate(samplingRate)
        .optLoss(loss)
        .optThreads(threads);
  }

  /** A fresh accountant of the configured kind. */
  public PrivacyAccountant newAccountant() {
    return accountant.create(neighbouring);
  }
}
