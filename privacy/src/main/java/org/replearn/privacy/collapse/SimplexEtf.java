package org.replearn.privacy.collapse;

import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;

/**
 * The K-simplex equiangular tight frame in R^p: M = sqrt(K/(K-1)) P (I_K - 1 1^T / K), with P [p,
 * K] orthonormal columns (a Gaussian matrix orthonormalised by modified Gram-Schmidt, applied twice
 * for full double precision). Its columns M_k have unit norm and pairwise inner products -1/(K-1),
 * and rank(M) = K - 1.
 */
public final class SimplexEtf {
  private SimplexEtf() {}

  /**
   * The class means, one per row.
   *
   * @param classes K >= 2
   * @param p dimension, >= K
   * @param seeds draws the random orthonormal frame P
   * @return {@code [classes][p]}, row k is M_k
   */
  public static double[][] means(int classes, int p, Seeds seeds) {
    InvalidInputException.require(classes >= 2, "classes K", "must be >= 2", classes);
    InvalidInputException.require(p >= classes, "dimension p", "must be >= classes " + classes, p);
    java.util.SplittableRandom rng = seeds.random();
    double[][] frame = new double[classes][p];
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < p; j++) {
        frame[k][j] = rng.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int l = 0; l < k; l++) {
          double dot = dot(frame[k], frame[l]);
          for (int j = 0; j < p; j++) {
            frame[k][j] -= dot * frame[l][j];
          }
        }
        double norm = Math.sqrt(dot(frame[k], frame[k]));
        for (int j = 0; j < p; j++) {
          frame[k][j] /= norm;
        }
      }
    }
    double scale = Math.sqrt(classes / (classes - 1.0));
    double[][] m = new double[classes][p];
    for (int j = 0; j < p; j++) {
      double mean = 0;
      for (int k = 0; k < classes; k++) {
        mean += frame[k][j];
      }
      mean /= classes;
      for (int k = 0; k < classes; k++) {
        m[k][j] = scale * (frame[k][j] - mean);
      }
    }
    return m;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
