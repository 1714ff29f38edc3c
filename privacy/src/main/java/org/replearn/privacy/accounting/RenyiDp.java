package org.replearn.privacy.accounting;

import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;

/**
 * Renyi-DP of the Gaussian and the Poisson-subsampled Gaussian mechanism, and the conversion of an
 * RDP curve to (epsilon, delta)-DP, as pure functions. The formulas follow Mironov (2017), Mironov,
 * Talwar and Zhang (2019, "Renyi Differential Privacy of the Sampled Gaussian Mechanism", section
 * 3.3) and Balle et al. (2020, Theorem 21 of arXiv:1905.09982), computed the way Opacus and
 * dp_accounting compute them (see {@link RdpConvention}).
 */
public final class RenyiDp {
  static final int MAX_SERIES_TERMS = 1000;

  /**
   * Below this, log A_alpha from the fractional series is rounding noise at the 1e-4 level or
   * worse.
   */
  static final double MIN_RESOLVED_FRACTIONAL_LOG_A = 1e-12;

  /** log k for k = 0..1025, covering the binomial coefficients of the largest default order. */
  private static final double[] LOG_INTEGERS =
      IntStream.rangeClosed(0, 1025).mapToDouble(Math::log).toArray();

  private RenyiDp() {}

  /** RDP of order alpha of the Gaussian mechanism with multiplier sigma: alpha / (2 sigma^2). */
  public static double gaussian(double sigma, double alpha) {
    return alpha / (2 * sigma * sigma);
  }

  /**
   * RDP of order alpha > 1 of the Poisson-subsampled Gaussian mechanism: log(A_alpha) / (alpha -
   * 1), with A_alpha = E_{z ~ mu_0}[((1-q) + q mu_1(z)/mu_0(z))^alpha] for mu_0 = N(0, sigma^2),
   * mu_1 = N(1, sigma^2). Integer alpha uses the finite binomial sum, fractional alpha the infinite
   * series of Mironov et al. (2019), summed as {@code convention} does.
   *
   * @param q sampling rate in (0, 1]; q = 1 gives {@link #gaussian}
   * @return the RDP, or +infinity where the series does not converge within 1000 terms or (for
   *     fractional alpha) cannot resolve a log A_alpha below {@link #MIN_RESOLVED_FRACTIONAL_LOG_A}
   */
  public static double subsampledGaussian(
      double q, double sigma, double alpha, RdpConvention convention) {
    return subsampledGaussian(q, sigma, alpha, convention, new double[MAX_SERIES_TERMS]);
  }

  /**
   * {@link #subsampledGaussian} for several orders of the same (q, sigma): the erfc factor of the
   * first series, log(erfc((i - z0)/(sqrt2 sigma))/2), depends on i only, so {@code logE0Cache}
   * ({@code [1000]}, zero-filled for a new (q, sigma)) keeps it across orders.
   */
  static double subsampledGaussian(
      double q, double sigma, double alpha, RdpConvention convention, double[] logE0Cache) {
    if (q == 1) {
      return gaussian(sigma, alpha);
    }
    if (alpha == Math.rint(alpha)) {
      return logAInteger(q, sigma, (int) alpha) / (alpha - 1);
    }
    double logA = logAFractional(q, sigma, alpha, convention.signedSeries(), logE0Cache);
    // the series sums A_alpha, about 1 + log A, so rounding (~1e-16 per term) swamps log A once it
    // nears 1e-12; an order whose value cannot be resolved is left out (+infinity is a valid, if
    // loose, bound) and the integer orders, computed without that loss, decide
    return logA < MIN_RESOLVED_FRACTIONAL_LOG_A ? Double.POSITIVE_INFINITY : logA / (alpha - 1);
  }

  /**
   * log A_alpha = log sum_{i=0}^{alpha} C(alpha,i) q^i (1-q)^(alpha-i) exp((i^2-i)/(2 sigma^2)),
   * computed as log1p of the excess over 1: the same sum without the exp factor is ((1-q)+q)^alpha
   * = 1 and the i = 0, 1 terms have exp factor 1, so
   *
   * <pre>
   *   A_alpha - 1 = sum_{i=2}^{alpha} C(alpha,i) q^i (1-q)^(alpha-i) expm1((i^2-i)/(2 sigma^2)),
   * </pre>
   *
   * a sum of positive terms. Summing A_alpha itself (as dp_accounting's {@code _compute_log_a_int}
   * does) loses the excess once it falls below the rounding of 1 (about 1e-16): for q = 0.01 that
   * happens near sigma = 1e6, and the RDP came out as 0, so a noise calibration over 1e18 steps
   * accepted any sigma. The two agree to rounding elsewhere.
   */
  static double logAInteger(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    LogSum excess = new LogSum();
    double logBinomial = logOf(alpha); // log C(alpha, 1)
    for (int i = 2; i <= alpha; i++) {
      logBinomial += logOf(alpha - i + 1) - logOf(i);
      excess.add(
          logBinomial
              + i * logQ
              + (alpha - i) * log1mQ
              + logExpm1((i * (double) i - i) / (2 * sigma * sigma)));
    }
    double logExcess = excess.log();
    // log(1 + e^L), without overflow for large L
    return logExcess > 0
        ? logExcess + Math.log1p(Math.exp(-logExcess))
        : Math.log1p(Math.exp(logExcess));
  }

  /** log(e^x - 1) for x > 0, without cancellation for small x nor overflow for large x. */
  private static double logExpm1(double x) {
    return x > 0.5 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
  }

  private static double logOf(int k) {
    return k < LOG_INTEGERS.length ? LOG_INTEGERS[k] : Math.log(k);
  }

  /**
   * log A_alpha for fractional alpha: log(A0 + A1), with A0 and A1 the series of Mironov et al.
   * (2019, section 3.3) over i = 0, 1, ... with j = alpha - i and z0 = sigma^2 log(1/q - 1) + 1/2:
   *
   * <pre>
   *   s0_i = C(alpha,i) q^i (1-q)^j exp((i^2-i)/(2 sigma^2)) erfc((i - z0)/(sqrt2 sigma)) / 2
   *   s1_i = C(alpha,i) q^j (1-q)^i exp((j^2-j)/(2 sigma^2)) erfc((z0 - j)/(sqrt2 sigma)) / 2
   * </pre>
   *
   * @param signed keep the sign of C(alpha, i) (Opacus) or add absolute values (dp_accounting)
   * @param logE0Cache log E0 by i for this (q, sigma); 0 marks an entry not yet computed (log E0 <
   *     0 always, as erfc/2 < 1)
   */
  static double logAFractional(
      double q, double sigma, double alpha, boolean signed, double[] logE0Cache) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
    double sqrt2Sigma = Math.sqrt(2) * sigma;
    LogSum a0 = new LogSum();
    LogSum a1 = new LogSum();
    double lastS0 = Double.NEGATIVE_INFINITY;
    double lastS1 = Double.NEGATIVE_INFINITY;
    double logBinomial = 0;
    boolean positive = true;
    for (int i = 0; i < MAX_SERIES_TERMS; i++) {
      if (i > 0) {
        double ratio = (alpha - i + 1) / i;
        logBinomial += Math.log(Math.abs(ratio));
        positive ^= ratio < 0;
      }
      double j = alpha - i;
      double logT0 = logBinomial + i * logQ + j * log1mQ;
      double logT1 = logBinomial + j * logQ + i * log1mQ;
      if (logE0Cache[i] == 0) {
        logE0Cache[i] = LogErfc.logHalfErfc((i - z0) / sqrt2Sigma);
      }
      double logE1 = LogErfc.logHalfErfc((z0 - j) / sqrt2Sigma);
      double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0Cache[i];
      double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
      if (!signed || positive) {
        a0.add(logS0);
        a1.add(logS1);
      } else {
        a0.subtract(logS0);
        a1.subtract(logS1);
      }
      if (signed) {
        if (Math.max(logS0, logS1) < -30) {
          return LogSum.logOfBoth(a0, a1);
        }
      } else {
        if (logS0 < lastS0 && logS1 < lastS1) {
          double total = LogSum.logOfBoth(a0, a1);
          if (Math.max(logS0, logS1) < total - 30) {
            return total;
          }
        }
        lastS0 = logS0;
        lastS1 = logS1;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * A value optimised over RDP orders.
   *
   * @param value the optimal epsilon or delta
   * @param order the order alpha that attains it
   */
  public record Optimum(double value, double order) {}

  /**
   * The smallest epsilon over the orders (Balle et al. 2020, Theorem 21; dp_accounting's {@code
   * compute_epsilon}, algebraically the same as Opacus's {@code get_privacy_spent}): epsilon_alpha
   * = r_alpha + log1p(-1/alpha) - log(delta alpha)/(alpha - 1), taken as 0 when delta^2 + expm1(-r)
   * > 0 and as infinite for alpha <= 1.01; the result is clamped at 0.
   */
  public static Optimum epsilon(double[] orders, double[] rdp, double delta) {
    LedgerAccountant.requireDelta(delta);
    requireSameLength(orders, rdp);
    Optimum best = minimumOverOrders(orders, rdp, (a, r) -> epsilonAt(a, r, delta));
    return new Optimum(Math.max(0, best.value()), best.order());
  }

  /** epsilon_alpha of {@link #epsilon} at order {@code a} with RDP {@code r}, before the clamp. */
  private static double epsilonAt(double a, double r, double delta) {
    if (r < 0 || delta * delta + Math.expm1(-r) > 0) {
      return 0;
    } else if (a > 1.01) {
      return r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    } else {
      return Double.POSITIVE_INFINITY;
    }
  }

  /**
   * The smallest delta over the orders at {@code epsilon} (dp_accounting's {@code compute_delta}):
   * log delta_alpha = min(log(1 - exp(-r))/2, (alpha-1)(r - epsilon + log1p(-1/alpha)) - log
   * alpha), the second term for alpha > 1.01.
   */
  public static Optimum delta(double[] orders, double[] rdp, double epsilon) {
    LedgerAccountant.requireEpsilon(epsilon);
    requireSameLength(orders, rdp);
    Optimum best = minimumOverOrders(orders, rdp, (a, r) -> logDeltaAt(a, r, epsilon));
    return new Optimum(Math.min(Math.exp(best.value()), 1.0), best.order());
  }

  /** log delta_alpha of {@link #delta} at order {@code a} with RDP {@code r}. */
  private static double logDeltaAt(double a, double r, double epsilon) {
    double logDelta = r <= 0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log1p(-Math.exp(-r));
    return a > 1.01
        ? Math.min(logDelta, (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a))
        : logDelta;
  }

  /**
   * min_k f(alpha_k, r_k) and the first order attaining it; +infinity at orders[0] when no value is
   * below +infinity (a NaN value is never the minimum).
   */
  private static Optimum minimumOverOrders(double[] orders, double[] rdp, DoubleBinaryOperator f) {
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = orders[0];
    for (int k = 0; k < orders.length; k++) {
      double value = f.applyAsDouble(orders[k], rdp[k]);
      if (value < best) {
        best = value;
        bestOrder = orders[k];
      }
    }
    return new Optimum(best, bestOrder);
  }

  private static void requireSameLength(double[] orders, double[] rdp) {
    InvalidInputException.require(
        orders.length == rdp.length && orders.length > 0,
        "RDP curve",
        "must have one value per order (" + orders.length + " orders)",
        rdp.length);
  }
}
