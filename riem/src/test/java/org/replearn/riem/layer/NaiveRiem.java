package org.replearn.riem.layer;

/**
 * The RieM formula written directly from its definition in double precision, one entry at a time
 * (no factorisation, no vectors): the oracle the fused kernel is checked against.
 */
final class NaiveRiem {
  private NaiveRiem() {}

  /**
   * W_hat[i][j] = b + sum_mm w[mm] sum_k sigmoid(sum_t A_k[mm][t] (p_i[t] + q_j[(t+s_k) mod d]) +
   * c_k[mm]).
   */
  static double entry(RiemShape s, double[] p, int i, int j) {
    int d = s.stateDim();
    int m = s.metricDim();
    double out = p[s.offsetB()];
    for (int k = 0; k < RiemShape.BRANCHES; k++) {
      int shift = s.shift(k);
      for (int mm = 0; mm < m; mm++) {
        int km = k * m + mm;
        double z = p[s.offsetC() + km];
        for (int t = 0; t < d; t++) {
          double pair = p[s.offsetP() + i * d + t] + p[s.offsetQ() + j * d + (t + shift) % d];
          z += p[s.offsetA() + km * d + t] * pair;
        }
        out += p[s.offsetW() + mm] / (1 + Math.exp(-z));
      }
    }
    return out;
  }

  /** sum_ij (W_ij - W_hat_ij)^2. */
  static double loss(RiemShape s, double[] p, float[] target) {
    double loss = 0;
    for (int i = 0; i < s.rows(); i++) {
      for (int j = 0; j < s.cols(); j++) {
        double r = target[i * s.cols() + j] - entry(s, p, i, j);
        loss += r * r;
      }
    }
    return loss;
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
