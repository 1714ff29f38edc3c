package org.replearn.privacy.probe;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * Principal component analysis x' = U^T (x - mean) onto d directions, fitted on a public split so
 * that it costs no privacy on the private training data. The top d eigenvectors of the sample
 * covariance are found by randomized subspace iteration (Halko, Martinsson and Tropp 2011) with
 * Rayleigh-Ritz on a small Commons Math eigenproblem, in O(n p (d + 10)) per iteration, so p = 4096
 * needs no [p, p] matrix.
 *
 * @param mean the public mean, {@code [p]}
 * @param components orthonormal directions, {@code [d][p]}, by decreasing variance
 * @param variances the variance along each direction, {@code [d]}
 */
public record Pca(double[] mean, double[][] components, double[] variances) {
  private static final int OVERSAMPLING = 10;
  private static final int ITERATIONS = 12;

  /**
   * Fits the PCA on {@code publicData}.
   *
   * @param d number of components, 1 <= d <= min(n, p)
   * @param seeds draws the random start of the subspace iteration
   */
  public static Pca fit(LabelledFeatures publicData, int d, Seeds seeds) {
    int n = publicData.n();
    int p = publicData.p();
    InvalidInputException.require(
        d >= 1 && d <= Math.min(n, p),
        "pcaDimension",
        "must be in [1, min(n, p) = " + Math.min(n, p) + "]",
        d);
    double[] mean = new double[p];
    float[] x = publicData.x();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        mean[j] += x[i * p + j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= n;
    }
    int b = Math.min(p, d + OVERSAMPLING);
    double[][] q = new double[b][p];
    SplittableRandom rng = seeds.random();
    for (double[] row : q) {
      for (int j = 0; j < p; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    orthonormalise(q);
    for (int it = 0; it < ITERATIONS; it++) {
      q = covarianceTimes(x, n, p, mean, q);
      orthonormalise(q);
    }
    // Rayleigh-Ritz: eigenvectors of Q^T C Q [b, b].
    double[][] cq = covarianceTimes(x, n, p, mean, q);
    double[][] small = new double[b][b];
    for (int r = 0; r < b; r++) {
      for (int c = 0; c < b; c++) {
        small[r][c] = dot(q[r], cq[c]);
      }
    }
    for (int r = 0; r < b; r++) {
      for (int c = 0; c < r; c++) {
        double avg = 0.5 * (small[r][c] + small[c][r]);
        small[r][c] = avg;
        small[c][r] = avg;
      }
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(small, false));
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[b];
    for (int r = 0; r < b; r++) {
      order[r] = r;
    }
    java.util.Arrays.sort(order, (u, v) -> Double.compare(values[v], values[u]));
    double[][] components = new double[d][p];
    double[] variances = new double[d];
    for (int c = 0; c < d; c++) {
      double[] v = eig.getEigenvector(order[c]).toArray();
      variances[c] = values[order[c]];
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < p; j++) {
          components[c][j] += v[r] * q[r][j];
        }
      }
    }
    return new Pca(mean, components, variances);
  }

  /** Number of components d. */
  public int dimension() {
    return components.length;
  }

  /** The projected features U^T (x - mean), {@code [n, d]}, same labels. */
  public LabelledFeatures transform(LabelledFeatures data) {
    int p = mean.length;
    InvalidInputException.require(
        data.p() == p, "feature dimension", "must match the PCA's p = " + p, data.p());
    int d = dimension();
    float[] out = new float[data.n() * d];
    double[] centred = new double[p];
    for (int i = 0; i < data.n(); i++) {
      for (int j = 0; j < p; j++) {
        centred[j] = data.get(i, j) - mean[j];
      }
      for (int c = 0; c < d; c++) {
        out[i * d + c] = (float) dot(components[c], centred);
      }
    }
    return data.withFeatures(out, d);
  }

  /** C Q^T for the centred covariance C = (1/n) sum_i (x_i - m)(x_i - m)^T; rows of q in, out. */
  private static double[][] covarianceTimes(float[] x, int n, int p, double[] mean, double[][] q) {
    int b = q.length;
    double[][] out = new double[b][p];
    double[] centred = new double[p];
    double[] coef = new double[b];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        centred[j] = x[i * p + j] - mean[j];
      }
      for (int r = 0; r < b; r++) {
        coef[r] = dot(q[r], centred) / n;
      }
      for (int r = 0; r < b; r++) {
        double c = coef[r];
        double[] o = out[r];
        for (int j = 0; j < p; j++) {
          o[j] += c * centred[j];
        }
      }
    }
    return out;
  }

  /** Modified Gram-Schmidt on the rows, twice; a degenerate row is replaced by zeros. */
  private static void orthonormalise(double[][] rows) {
    for (int pass = 0; pass < 2; pass++) {
      for (int r = 0; r < rows.length; r++) {
        for (int s = 0; s < r; s++) {
          double d = dot(rows[r], rows[s]);
          for (int j = 0; j < rows[r].length; j++) {
            rows[r][j] -= d * rows[s][j];
          }
        }
        double norm = Math.sqrt(dot(rows[r], rows[r]));
        for (int j = 0; j < rows[r].length; j++) {
          rows[r][j] = norm > 1e-300 ? rows[r][j] / norm : 0;
        }
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
