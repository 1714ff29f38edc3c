package org.replearn.privacy.accounting;

import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * What a private algorithm did, as an immutable tree of mechanisms (after dp_accounting's {@code
 * DpEvent}). Accountants read events; they never change them.
 *
 * <ul>
 *   <li>{@link Gaussian}: one release of a sum of per-example contributions, each bounded by G in
 *       L2 norm, plus N(0, sigma^2 G^2 I) noise.
 *   <li>{@link PoissonSubsampled}: the inner event run on a Poisson sample (each example kept
 *       independently with probability q).
 *   <li>{@link SelfComposed}: the same event repeated {@code count} times.
 *   <li>{@link Composed}: several events one after the other.
 * </ul>
 */
public sealed interface PrivacyEvent {

  /**
   * The Gaussian mechanism on a sum of clipped contributions.
   *
   * @param noiseMultiplier sigma: noise standard deviation divided by the per-example bound G, > 0
   */
  record Gaussian(double noiseMultiplier) implements PrivacyEvent {
    public Gaussian {
      InvalidInputException.require(
          noiseMultiplier > 0 && Double.isFinite(noiseMultiplier),
          "noise multiplier sigma",
          "must be finite and > 0",
          noiseMultiplier);
    }
  }

  /**
   * {@code event} applied to a Poisson sample of the data set.
   *
   * @param samplingRate q, in (0, 1]; q = 1 is the full data set
   * @param event what runs on the sample
   */
  record PoissonSubsampled(double samplingRate, PrivacyEvent event) implements PrivacyEvent {
    public PoissonSubsampled {
      InvalidInputException.require(
          samplingRate > 0 && samplingRate <= 1,
          "sampling rate q",
          "must be in (0, 1]",
          samplingRate);
      InvalidInputException.require(event != null, "subsampled event", "must be given", "null");
    }
  }

  /**
   * {@code event} repeated {@code count} times.
   *
   * @param event the repeated event
   * @param count number of repetitions, >= 1
   */
  record SelfComposed(PrivacyEvent event, long count) implements PrivacyEvent {
    public SelfComposed {
      InvalidInputException.require(event != null, "self-composed event", "must be given", "null");
      InvalidInputException.require(count >= 1, "step count", "must be >= 1", count);
    }
  }

  /**
   * Several events in sequence.
   *
   * @param events at least one event
   */
  record Composed(List<PrivacyEvent> events) implements PrivacyEvent {
    public Composed {
      InvalidInputException.require(
          events != null && !events.isEmpty(), "composed events", "must not be empty", events);
      events = List.copyOf(events);
    }
  }

  /** T full-batch NoisyGD steps: {@code SelfComposed(Gaussian(sigma), steps)}. */
  static PrivacyEvent noisyGd(double noiseMultiplier, long steps) {
    return new SelfComposed(new Gaussian(noiseMultiplier), steps);
  }

  /**
   * T DP-SGD steps with Poisson sampling rate q: {@code SelfComposed(PoissonSubsampled(q,
   * Gaussian(sigma)), steps)}.
   */
  static PrivacyEvent dpSgd(double noiseMultiplier, double samplingRate, long steps) {
    return new SelfComposed(
        new PoissonSubsampled(samplingRate, new Gaussian(noiseMultiplier)), steps);
  }
}
