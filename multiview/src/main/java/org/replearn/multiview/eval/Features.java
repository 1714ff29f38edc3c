package org.replearn.multiview.eval;

import org.replearn.core.numeric.VectorDot;

/** Small helpers on feature rows {@code [objects][dim]}. */
final class Features {
  private Features() {}

  /** Rows scaled to unit L2 norm (zero rows stay zero). */
  static float[][] unitRows(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      float n = (float) Math.sqrt(VectorDot.dot(x[i], x[i]));
      out[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = n > 0 ? x[i][j] / n : 0;
      }
    }
    return out;
  }
}
