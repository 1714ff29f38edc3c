package org.replearn.privacy.noisygd;

import org.replearn.core.InvalidInputException;
import org.replearn.privacy.accounting.PrivacyEvent;

/**
 * Settings of a NoisyGD / DP-SGD run. Each step
 *
 * <pre>
 *   B_t = all examples (q = 1) or a Poisson sample with rate q
 *   W  -= eta * ( sum_{i in B_t} clip_G(grad_i) + N(0, sigma^2 G^2 I) )
 * </pre>
 *
 * (the sum convention of autodp's NoisyGD tutorial; with q < 1 this is DP-SGD with Poisson
 * sampling). W starts at 0.
 *
 * @param steps T >= 1
 * @param learningRate eta > 0, applied to the noisy sum (not the mean)
 * @param clipNorm G > 0
 * @param noiseMultiplier sigma >= 0; 0 is the non-private baseline
 * @param samplingRate q in (0, 1]; 1 is full-batch NoisyGD
 * @param loss cross-entropy or squared loss
 * @param bias whether the classifier has a bias (off by default in the paper)
 * @param threads threads of the gradient kernel
 */
public record NoisyGdConfig(
    int steps,
    double learningRate,
    double clipNorm,
    double noiseMultiplier,
    double samplingRate,
    Loss loss,
    boolean bias,
    int threads) {

  public NoisyGdConfig {
    InvalidInputException.requireAtLeast(steps, 1, "steps");
    InvalidInputException.requireFinitePositive(learningRate, "learningRate");
    InvalidInputException.requireFinitePositive(clipNorm, "clipNorm");
    InvalidInputException.requireFiniteNonNegative(noiseMultiplier, "noiseMultiplier");
    InvalidInputException.require(
        samplingRate > 0 && samplingRate <= 1, "samplingRate", "must be in (0, 1]", samplingRate);
    InvalidInputException.require(loss != null, "loss", "must be given", null);
    InvalidInputException.requireAtLeast(threads, 1, "threads");
  }

  /**
   * A builder: steps, learning rate and clip norm must be set; the rest default to sigma = 0 (no
   * noise), q = 1 (full batch), cross-entropy, no bias and one thread.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .setSteps(steps)
        .setLearningRate(learningRate)
        .setClipNorm(clipNorm)
        .optNoiseMultiplier(noiseMultiplier)
        .optSamplingRate(samplingRate)
        .optLoss(loss)
        .optBias(bias)
        .optThreads(threads);
  }

  /** The same settings with another noise multiplier. */
  public NoisyGdConfig withNoiseMultiplier(double sigma) {
    return toBuilder().optNoiseMultiplier(sigma).build();
  }

  /**
   * Builds a {@link NoisyGdConfig}; {@link #build()} validates, naming the setting at fault ({@code
   * "clipNorm must be finite and > 0, found 0.0"}, {@code "steps must be set, found nothing"}).
   */
  public static final class Builder extends NoisyGdLoopBuilder<Builder> {
    private Double clipNorm;
    private double noiseMultiplier = 0;
    private boolean bias = false;

    private Builder() {}

    /** G > 0 (required). */
    public Builder setClipNorm(double v) {
      clipNorm = v;
      return this;
    }

    /** sigma >= 0 (default 0: the non-private baseline). */
    public Builder optNoiseMultiplier(double v) {
      noiseMultiplier = v;
      return this;
    }

    /** Whether the classifier has a bias (default false). */
    public Builder optBias(boolean v) {
      bias = v;
      return this;
    }

    /** The validated settings. */
    public NoisyGdConfig build() {
      return new NoisyGdConfig(
          InvalidInputException.requireSet(steps, "steps"),
          InvalidInputException.requireSet(learningRate, "learningRate"),
          InvalidInputException.requireSet(clipNorm, "clipNorm"),
          noiseMultiplier,
          samplingRate,
          loss,
          bias,
          threads);
    }
  }

  /** Whether noise is added (sigma > 0). */
  public boolean isPrivate() {
    return noiseMultiplier > 0;
  }

  /**
   * The privacy event of the whole run for a noise multiplier: T Gaussian steps, Poisson-subsampled
   * when q < 1.
   */
  public PrivacyEvent privacyEvent(double sigma) {
    return samplingRate == 1
        ? PrivacyEvent.noisyGd(sigma, steps)
        : PrivacyEvent.dpSgd(sigma, samplingRate, steps);
  }
}
