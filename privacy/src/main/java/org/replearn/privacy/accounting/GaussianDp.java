package org.replearn.privacy.accounting;

import org.apache.commons.math3.analysis.solvers.AllowedSolution;
import org.replearn.core.InvalidInputException;

/**
 * Exact conversions for mu-Gaussian differential privacy (Dong, Roth and Su 2022), as pure
 * functions. A mechanism is mu-GDP exactly when it is (epsilon, delta(epsilon; mu))-DP for every
 * epsilon >= 0, with
 *
 * <pre>
 *   delta(eps; mu) = Phi(-eps/mu + mu/2) - exp(eps) * Phi(-eps/mu - mu/2)
 * </pre>
 *
 * (Corollary 2.13 of Dong, Roth and Su; Balle and Wang's analytic Gaussian mechanism is the same
 * curve with mu = 1/sigma). Everything here is computed in log space so that tiny deltas and large
 * epsilons keep full relative precision.
 */
public final class GaussianDp {

  private GaussianDp() {}

  /**
   * log Phi(x), the log of the standard normal CDF, to about 1e-15 relative for all x (also where
   * Phi(x) underflows); see {@link LogErfc}.
   */
  public static double logPhi(double x) {
    return LogErfc.logPhi(x);
  }

  /**
   * log delta(epsilon; mu).
   *
   * @param epsilon >= 0
   * @param mu > 0
   */
  public static double logDelta(double epsilon, double mu) {
    double logA = logPhi(-epsilon / mu + mu / 2);
    double logB = epsilon + logPhi(-epsilon / mu - mu / 2);
    if (logB >= logA) {
      return Double.NEGATIVE_INFINITY;
    }
    return logA + Math.log1p(-Math.exp(logB - logA));
  }

  /** delta(epsilon; mu); see {@link #logDelta}. */
  public static double delta(double epsilon, double mu) {
    requireMu(mu);
    LedgerAccountant.requireEpsilon(epsilon);
    return mu == 0 ? 0 : Math.exp(logDelta(epsilon, mu));
  }

  /**
   * The smallest epsilon >= 0 with delta(epsilon; mu) <= delta: Brent's method on log delta over
   * [0, mu^2/2 + 20 mu + 10] (widened if ever needed), returned on the side where delta(epsilon;
   * mu) <= delta.
   *
   * @param mu >= 0 (0 gives epsilon 0)
   * @param delta in (0, 1)
   */
  public static double epsilon(double mu, double delta) {
    requireMu(mu);
    LedgerAccountant.requireDelta(delta);
    double logTarget = Math.log(delta);
    if (mu == 0 || logDelta(0, mu) <= logTarget) {
      return 0;
    }
    double hi = mu * mu / 2 + 20 * mu + 10;
    while (logDelta(hi, mu) > logTarget) {
      hi *= 2;
    }
    return MonotoneRoot.brent(
        e -> logDelta(e, mu) - logTarget, 0, hi, 1e-13 * hi, AllowedSolution.BELOW_SIDE);
  }

  /**
   * The mu with delta(epsilon; mu) = delta: the largest mu-GDP budget that is (epsilon, delta)-DP
   * (returned on the side where delta(epsilon; mu) <= delta).
   *
   * @param epsilon > 0
   * @param delta in (0, 1)
   */
  public static double mu(double epsilon, double delta) {
    InvalidInputException.require(
        epsilon > 0 && Double.isFinite(epsilon), "epsilon", "must be finite and > 0", epsilon);
    LedgerAccountant.requireDelta(delta);
    double logTarget = Math.log(delta);
    return MonotoneRoot.positiveRootOfIncreasing(
        m -> logDelta(epsilon, m) - logTarget,
        1,
        AllowedSolution.BELOW_SIDE,
        "mu for epsilon " + epsilon);
  }

  private static void requireMu(double mu) {
    InvalidInputException.require(
        mu >= 0 && Double.isFinite(mu), "mu", "must be finite and >= 0", mu);
  }
}
