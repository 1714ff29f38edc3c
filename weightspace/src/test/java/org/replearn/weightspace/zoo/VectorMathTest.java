package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {

  @Test
  void expAgreesWithMathExpToAFewUlps() {
    int n = VectorMath.S.length();
    float[] x = new float[n];
    float[] y = new float[n];
    // every lane inside the documented domain [-87, 87], whatever the vector width
    for (double v = -87; v + (n - 1) * 1e-3 <= 87; v += 0.0137) {
      for (int i = 0; i < n; i++) {
        x[i] = (float) (v + i * 1e-3);
      }
      VectorMath.exp(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
      for (int i = 0; i < n; i++) {
        double expected = Math.exp(x[i]);
        assertEquals(expected, y[i], 4e-7 * expected, "exp(" + x[i] + ")");
      }
    }
  }

  @Test
  void expClampsOutOfRangeInputsToFiniteValues() {
    float[] x =
        java.util.Arrays.copyOf(
            new float[] {-1000, -88, 88, 1000, 0, 1, -1, Float.MIN_VALUE},
            Math.max(8, VectorMath.S.length()));
    float[] y = new float[x.length];
    VectorMath.exp(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
    assertEquals(Math.exp(-87), y[0], 1e-7 * Math.exp(-87));
    assertEquals(Math.exp(87), y[3], 1e-6 * Math.exp(87));
    assertEquals(1f, y[4]);
    assertEquals(Math.E, y[5], 1e-6);
  }
}
