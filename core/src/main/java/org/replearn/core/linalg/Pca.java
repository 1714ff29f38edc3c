package org.replearn.core.linalg;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.replearn.core.InvalidInputException;

/**
 * Principal component analysis: the projection x' = U^T (x - mean) onto the d directions of largest
 * variance of a sample, U the top eigenvectors of the sample covariance C = (1/n) sum_i (x_i -
 * mean)(x_i - mean)^T.
 *
 * <p>Two fits: {@link #exact} eigendecomposes the [p, p] covariance (Commons Math), for small p;
 * {@link #randomized} finds the top d eigenvectors by randomized subspace iteration (Halko,
 * Martinsson and Tropp 2011, Algorithm 4.4 with Rayleigh-Ritz) in O(n p (d + 10)) per iteration, so
 * p = 4096 needs no [p, p] matrix.
 *
 * @param mean the sample mean, {@code [p]}
 * @param components orthonormal directions, {@code [d][p]}, by decreasing variance
 * @param variances the variance along each direction (eigenvalue of C), {@code [d]}
 */
public record Pca(double[] mean, double[][] components, double[] variances) {
  private static final int OVERSAMPLING = 10;
  private static final int ITERATIONS = 12;

  /**
   * Exact PCA of the rows of {@code x}.
   *
   * @param x the sample, {@code [n][p]}, n >= 1
   * @param d number of components, 1 <= d <= p
   */
  public static Pca exact(float[][] x, int d) {
    InvalidInputException.require(x.length >= 1, "sample", "must have at least one row", 0);
    int n = x.length;
    int p = x[0].length;
    requireComponents(d, p);
    double[] mean = new double[p];
    for (float[] row : x) {
      for (int j = 0; j < p; j++) {
        mean[j] += row[j] / (double) n;
      }
    }
    double[][] centred = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        centred[i][j] = x[i][j] - mean[j];
      }
    }
    RealMatrix covariance = new Covariance(centred, false).getCovarianceMatrix();
    EigenDecomposition eigen = new EigenDecomposition(covariance);
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = decreasing(values);
    double[][] components = new double[d][];
    double[] variances = new double[d];
    for (int c = 0; c < d; c++) {
      components[c] = eigen.getEigenvector(order[c]).toArray();
      variances[c] = values[order[c]];
    }
    return new Pca(mean, components, variances);
  }

  /**
   * PCA of a large sample by randomized subspace iteration: a Gaussian start of d + 10 directions,
   * 12 rounds of multiplying by C and re-orthonormalising, then the eigenvectors of the small
   * projected matrix Q^T C Q.
   *
   * @param x the sample, row-major {@code [n, p]}
   * @param d number of components, 1 <= d <= min(n, p)
   * @param rng draws the random start
   */
  public static Pca randomized(float[] x, int n, int p, int d, SplittableRandom rng) {
    InvalidInputException.require(
        d >= 1 && d <= Math.min(n, p),
        "number of components",
        "must be in [1, min(n, p) = " + Math.min(n, p) + "]",
        d);
    double[] mean = new double[p];
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
    Integer[] order = decreasing(values);
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

  /** U^T (row - mean) in double, {@code [d]}; row is {@code [p]}. */
  public double[] project(float[] row) {
    requireDimension(row.length);
    double[] centred = new double[mean.length];
    for (int j = 0; j < mean.length; j++) {
      centred[j] = row[j] - mean[j];
    }
    double[] out = new double[dimension()];
    for (int c = 0; c < out.length; c++) {
      out[c] = dot(components[c], centred);
    }
    return out;
  }

  /**
   * U^T (x_i - mean) for every row of {@code x}, rounded to float.
   *
   * @param x row-major {@code [n, p]}, p the PCA's
   * @return row-major {@code [n, d]}
   */
  public float[] transform(float[] x, int n, int p) {
    requireDimension(p);
    InvalidInputException.require(
        x.length == n * p, "sample length", "must be n * p = " + n * p, x.length);
    int d = dimension();
    float[] out = new float[n * d];
    double[] centred = new double[p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        centred[j] = x[i * p + j] - mean[j];
      }
      for (int c = 0; c < d; c++) {
        out[i * d + c] = (float) dot(components[c], centred);
      }
    }
    return out;
  }

  private void requireDimension(int p) {
    InvalidInputException.require(
        p == mean.length, "feature dimension", "must match the PCA's p = " + mean.length, p);
  }

  private static void requireComponents(int d, int p) {
    InvalidInputException.require(
        d >= 1 && d <= p, "number of components", "must be in [1, p = " + p + "]", d);
  }

  /** Indices of {@code values} by decreasing value. */
  private static Integer[] decreasing(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int r = 0; r < order.length; r++) {
      order[r] = r;
    }
    Arrays.sort(order, (u, v) -> Double.compare(values[v], values[u]));
    return order;
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
