package org.replearn.privacy.accounting;

import java.util.function.DoubleFunction;
import org.apache.commons.math3.analysis.solvers.AllowedSolution;
import org.replearn.core.InvalidInputException;

/**
 * Finds the noise multiplier sigma that spends exactly a target (epsilon, delta) with any
 * accountant: epsilon(sigma) decreases in sigma, so a geometric bracket search followed by Brent's
 * method in log sigma finds the root. The answer is the smallest sigma whose epsilon is at most the
 * target: where epsilon(sigma) jumps (an RDP curve whose largest order is too small for the target,
 * so epsilon falls to 0 only by the delta^2 + expm1(-r) > 0 rule), that is the jump.
 */
public final class NoiseCalibration {
  private NoiseCalibration() {}

  /**
   * The sigma with {@code accountant}'s epsilon of {@code eventOfSigma(sigma)} equal to {@code
   * epsilon} at {@code delta}.
   *
   * @param accountant a template; only empty copies of it are used
   * @param eventOfSigma the whole run as a function of its noise multiplier, e.g. {@code s ->
   *     PrivacyEvent.noisyGd(s, steps)}
   */
  public static double noiseMultiplier(
      PrivacyAccountant accountant,
      DoubleFunction<PrivacyEvent> eventOfSigma,
      double epsilon,
      double delta) {
    InvalidInputException.require(
        epsilon > 0 && Double.isFinite(epsilon), "epsilon", "must be finite and > 0", epsilon);
    LedgerAccountant.requireDelta(delta);
    PrivacyAccountant probe = accountant.emptyCopy();
    // Refuse unsupported runs up front, with the accountant's reason.
    probe.compose(eventOfSigma.apply(1.0));
    return MonotoneRoot.positiveRootOfIncreasing(
        sigma -> epsilon - accountant.emptyCopy().compose(eventOfSigma.apply(sigma)).epsilon(delta),
        1,
        AllowedSolution.ABOVE_SIDE,
        "noise multiplier for epsilon " + epsilon);
  }
}
