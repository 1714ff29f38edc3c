package org.replearn.multiview.eval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Small helpers on feature rows {@code [objects][dim]}. */
final class Features {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private Features() {}

  /** &lt;x, y&gt; with SIMD. */
  static float dot(float[] x, float[] y) {
    int i = 0;
    FloatVector acc = FloatVector.zero(S);
    for (; i <= x.length - S.length(); i += S.length()) {
      acc = FloatVector.fromArray(S, x, i).fma(FloatVector.fromArray(S, y, i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /** Rows scaled to unit L2 norm (zero rows stay zero). */
  static float[][] unitRows(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      float n = (float) Math.sqrt(dot(x[i], x[i]));
      out[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = n > 0 ? x[i][j] / n : 0;
      }
    }
    return out;
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
