package org.replearn.core.numeric;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float dot products with the Vector API: one fused multiply-add accumulator per lane over the
 * whole lanes, the lanes summed ({@code reduceLanes(ADD)}), then the tail added in scalar order.
 * The order of additions depends only on the machine's preferred vector width, not on the JIT, so a
 * run is reproducible on one machine.
 */
public final class VectorDot {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorDot() {}

  /** sum_j a[ao + j] b[bo + j] over j < len. */
  public static float dot(float[] a, int ao, float[] b, int bo, int len) {
    int bound = S.loopBound(len);
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j < bound; j += S.length()) {
      acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; j < len; j++) {
      s += a[ao + j] * b[bo + j];
    }
    return s;
  }

  /** &lt;x, y&gt; over the length of x (y at least as long). */
  public static float dot(float[] x, float[] y) {
    return dot(x, 0, y, 0, x.length);
  }
}
