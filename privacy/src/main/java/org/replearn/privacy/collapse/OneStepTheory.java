package org.replearn.privacy.collapse;

import java.util.function.IntToDoubleFunction;
import org.apache.commons.math3.special.Erf;
import org.replearn.core.InvalidInputException;
import org.replearn.privacy.noisygd.Loss;

/**
 * Test error of one NoisyGD step from W = 0 (no bias) under perfect neural collapse, x_i = M_{y_i}
 * on a simplex ETF (spec private-probe.md section 2.1). With c = min(1, G / ||g||) the clip factor
 * (||g|| = sqrt((K-1)/K) for cross-entropy and 1 for squared loss), the logits of a test point x =
 * M_k have signal gap eta c (n_k + n_l/(K-1)) between class k and class l, and independent noise
 * N(0, eta^2 sigma^2 G^2 ||x||^2) per logit, so
 *
 * <pre>
 *   P(err | y = k) = 1 - integral phi(z) prod_{l != k} Phi(z + a_kl) dz,
 *   a_kl = c (n_k + n_l/(K-1)) / (sigma G sqrt(1 + s^2))
 * </pre>
 *
 * for a test point shifted by s orthogonally to the ETF span (s = 0 without shift). The error does
 * not depend on p or eta.
 */
public final class OneStepTheory {
  private static final double Z_RANGE = 12;
  private static final int Z_STEPS = 12_000;

  private OneStepTheory() {}

  /**
   * The exact error averaged over classes weighted by {@code testWeights}.
   *
   * @param trainCounts n_k, {@code [K]}
   * @param testWeights weight of each class in the test error (e.g. all ones)
   * @param sigma noise multiplier
   * @param clipNorm G
   * @param loss determines ||g||
   * @param shiftNorm s, the norm of a test shift orthogonal to the ETF span
   */
  public static double exactError(
      int[] trainCounts,
      double[] testWeights,
      double sigma,
      double clipNorm,
      Loss loss,
      double shiftNorm) {
    int k = trainCounts.length;
    InvalidInputException.require(
        testWeights.length == k, "test weights", "must have " + k + " entries", testWeights.length);
    InvalidInputException.require(sigma > 0, "sigma", "must be > 0", sigma);
    return weightedMean(
        trainCounts.length,
        testWeights,
        y -> 1 - probabilityAllBelow(gaps(trainCounts, y, sigma, clipNorm, loss, shiftNorm)));
  }

  /**
   * The union bound sum_{l != k} Phi(-a_kl / sqrt2), averaged like {@link #exactError}, capped at 1
   * per class: the "theory" column of table A in the privacy report ({@code SyntheticStudy}).
   */
  public static double unionBound(
      int[] trainCounts,
      double[] testWeights,
      double sigma,
      double clipNorm,
      Loss loss,
      double shiftNorm) {
    return weightedMean(
        trainCounts.length,
        testWeights,
        y -> {
          double sum = 0;
          for (double a : gaps(trainCounts, y, sigma, clipNorm, loss, shiftNorm)) {
            sum += phi(-a / Math.sqrt(2));
          }
          return Math.min(1, sum);
        });
  }

  /** sum_y w_y e_y / sum_y w_y over the classes y < k, e_y = {@code error(y)}. */
  private static double weightedMean(int k, double[] weights, IntToDoubleFunction error) {
    double total = 0;
    double weight = 0;
    for (int y = 0; y < k; y++) {
      total += weights[y] * error.applyAsDouble(y);
      weight += weights[y];
    }
    return total / weight;
  }

  /** The standardised gaps a_kl for l != k. */
  static double[] gaps(
      int[] counts, int y, double sigma, double clipNorm, Loss loss, double shiftNorm) {
    int k = counts.length;
    double gradientNorm = loss == Loss.CROSS_ENTROPY ? Math.sqrt((k - 1.0) / k) : 1;
    double clip = Math.min(1, clipNorm / gradientNorm);
    double scale = sigma * clipNorm * Math.sqrt(1 + shiftNorm * shiftNorm);
    double[] a = new double[k - 1];
    int i = 0;
    for (int l = 0; l < k; l++) {
      if (l != y) {
        a[i++] = clip * (counts[y] + counts[l] / (k - 1.0)) / scale;
      }
    }
    return a;
  }

  /** integral phi(z) prod_l Phi(z + a_l) dz by Simpson's rule on [-12, 12]. */
  static double probabilityAllBelow(double[] a) {
    double h = 2 * Z_RANGE / Z_STEPS;
    double sum = 0;
    for (int s = 0; s <= Z_STEPS; s++) {
      double z = -Z_RANGE + s * h;
      double f = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      for (double al : a) {
        f *= phi(z + al);
      }
      double w = s == 0 || s == Z_STEPS ? 1 : (s % 2 == 1 ? 4 : 2);
      sum += w * f;
    }
    return sum * h / 3;
  }

  static double phi(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2));
  }
}
