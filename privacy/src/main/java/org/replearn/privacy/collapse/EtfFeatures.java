package org.replearn.privacy.collapse;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * Synthetic features around a simplex ETF: x_i = M_{y_i} + u_{y_i} + beta z_i, with M the ETF class
 * means, u_k a fixed offset of each class (a random direction of norm {@code offsetNorm}; 0 for
 * none) and z_i ~ N(0, I_p). beta = 0 and no offsets is perfect neural collapse. Class imbalance
 * comes from the per-class counts passed to {@link #sample}.
 *
 * @param means the ETF, {@code [classes][p]}
 * @param offsets the fixed class offsets u_k, {@code [classes][p]}
 */
public record EtfFeatures(double[][] means, double[][] offsets) {

  /**
   * A random ETF in R^p with class offsets of norm {@code offsetNorm}.
   *
   * @param seeds the ETF frame comes from child "frame", the offsets from child "offsets"
   */
  public static EtfFeatures create(int classes, int p, double offsetNorm, Seeds seeds) {
    InvalidInputException.require(
        offsetNorm >= 0 && Double.isFinite(offsetNorm), "offset norm", "must be >= 0", offsetNorm);
    double[][] m = SimplexEtf.means(classes, p, seeds.child("frame"));
    double[][] u = new double[classes][p];
    if (offsetNorm > 0) {
      SplittableRandom rng = seeds.child("offsets").random();
      for (double[] row : u) {
        for (int j = 0; j < p; j++) {
          row[j] = rng.nextGaussian();
        }
        double norm = Math.sqrt(SimplexEtf.dot(row, row));
        for (int j = 0; j < p; j++) {
          row[j] *= offsetNorm / norm;
        }
      }
    }
    return new EtfFeatures(m, u);
  }

  /** Number of classes K. */
  public int classes() {
    return means.length;
  }

  /** Feature dimension p. */
  public int p() {
    return means[0].length;
  }

  /**
   * Draws features, class by class (labels 0..K-1 in blocks).
   *
   * @param counts examples per class, {@code [classes]}
   * @param beta standard deviation of the isotropic Gaussian perturbation per coordinate
   */
  public LabelledFeatures sample(int[] counts, double beta, Seeds seeds) {
    InvalidInputException.require(
        counts.length == classes(),
        "class counts",
        "must have " + classes() + " entries",
        counts.length);
    InvalidInputException.require(beta >= 0 && Double.isFinite(beta), "beta", "must be >= 0", beta);
    int n = 0;
    for (int c : counts) {
      InvalidInputException.require(c >= 0, "class count", "must be >= 0", c);
      n += c;
    }
    int p = p();
    float[] x = new float[Math.multiplyExact(n, p)];
    int[] y = new int[n];
    SplittableRandom rng = seeds.random();
    int i = 0;
    for (int k = 0; k < classes(); k++) {
      for (int r = 0; r < counts[k]; r++, i++) {
        y[i] = k;
        for (int j = 0; j < p; j++) {
          double noise = beta == 0 ? 0 : beta * rng.nextGaussian();
          x[i * p + j] = (float) (means[k][j] + offsets[k][j] + noise);
        }
      }
    }
    return new LabelledFeatures(x, n, p, y, classes());
  }

  /** {@code perClass} examples in each of {@code classes} classes. */
  public static int[] balanced(int classes, int perClass) {
    int[] counts = new int[classes];
    java.util.Arrays.fill(counts, perClass);
    return counts;
  }

  /**
   * Geometrically imbalanced counts: class k has round(largest * ratio^(-k/(K-1))) examples, so the
   * largest class is {@code ratio} times the smallest.
   */
  public static int[] imbalanced(int classes, int largest, double ratio) {
    InvalidInputException.require(ratio >= 1, "imbalance ratio", "must be >= 1", ratio);
    int[] counts = new int[classes];
    for (int k = 0; k < classes; k++) {
      counts[k] = (int) Math.max(1, Math.round(largest * Math.pow(ratio, -k / (classes - 1.0))));
    }
    return counts;
  }
}
