package org.replearn.multiview.ot;

/**
 * A cost c(x, y) between two points of the same dimension. The multi-marginal cost tensor is the
 * broadcast sum of one pairwise cost matrix per pair of views, so only symmetric costs with c(x, x)
 * = 0 give a cost tensor with the usual meaning (as in ott-jax's {@code cost_tensor}).
 */
@FunctionalInterface
public interface PairwiseCost {

  /** c(x, y) for two points of equal length. */
  double apply(double[] x, double[] y);

  /** The squared Euclidean distance ||x - y||^2 (ott-jax's default {@code SqEuclidean}). */
  static PairwiseCost sqEuclidean() {
    return (x, y) -> {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - y[i];
        s += d * d;
      }
      return s;
    };
  }

  /**
   * The pairwise part of the circular variance of k unit vectors: c_cv(z_1..z_k) = 1 - ||(1/k)
   * sum_l z_l||^2 = (1/k^2) sum_{a<b} ||z_a - z_b||^2, so each pair contributes (1/k^2) ||x -
   * y||^2.
   *
   * @param views k, the number of views the cost tensor is built from
   */
  static PairwiseCost circularVariance(int views) {
    double scale = 1.0 / ((double) views * views);
    PairwiseCost sq = sqEuclidean();
    return (x, y) -> scale * sq.apply(x, y);
  }

  /**
   * The cost matrix between two point clouds.
   *
   * @param xs {@code [n, d]}
   * @param ys {@code [m, d]}
   * @return {@code [n, m]} with entries c(xs[i], ys[j])
   */
  default double[][] matrix(double[][] xs, double[][] ys) {
    double[][] out = new double[xs.length][ys.length];
    for (int i = 0; i < xs.length; i++) {
      for (int j = 0; j < ys.length; j++) {
        out[i][j] = apply(xs[i], ys[j]);
      }
    }
    return out;
  }
}
