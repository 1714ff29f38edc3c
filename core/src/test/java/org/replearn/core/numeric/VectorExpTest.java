package org.replearn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorExpTest {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  @Test
  void floatExpAgreesWithStrictMathToAFewUlps() {
    float[] x = grid(-87, 87, 0.0137f);
    float[] y = expAll(x);
    for (int i = 0; i < x.length; i++) {
      double expected = StrictMath.exp(x[i]);
      assertEquals(expected, y[i], 4e-7 * expected, "exp(" + x[i] + ")");
    }
  }

  @Test
  void outOfRangeInputsAreClampedToFiniteValues() {
    float[] xf =
        java.util.Arrays.copyOf(
            new float[] {-1000, 1000, 0, 1, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f},
            Math.max(8, F.length()));
    float[] yf = expAll(xf);
    assertEquals(Math.exp(-87), yf[0], 1e-7 * Math.exp(-87));
    assertEquals(Math.exp(87), yf[1], 1e-6 * Math.exp(87));
    assertEquals(1f, yf[2]);
    assertEquals(Math.E, yf[3], 1e-6);
    assertEquals(yf[0], yf[4], "e^-inf is clamped like e^-1000");
    assertEquals(yf[1], yf[5], "e^+inf is clamped like e^1000");
    assertEquals(1f, yf[6], "e^-0");
  }

  @Test
  void nanPropagates() {
    float[] xf = new float[F.length()];
    java.util.Arrays.fill(xf, Float.NaN);
    xf[0] = 1f;
    float[] yf = expAll(xf);
    assertEquals(Math.E, yf[0], 1e-6);
    for (int i = 1; i < yf.length; i++) {
      assertEquals(Float.NaN, yf[i], "lane " + i);
    }
  }

  /**
   * Inputs at and just beyond the clamp limits give the value at the limit, and the limit itself is
   * not moved: e^(+-87) to the method's accuracy.
   */
  @Test
  void clampLimitsAreExact() {
    float below = Math.nextDown(-VectorExp.FLOAT_LIMIT);
    float above = Math.nextUp(VectorExp.FLOAT_LIMIT);
    float[] xf =
        java.util.Arrays.copyOf(
            new float[] {-VectorExp.FLOAT_LIMIT, below, VectorExp.FLOAT_LIMIT, above},
            Math.max(4, F.length()));
    float[] yf = expAll(xf);
    assertEquals(yf[0], yf[1]);
    assertEquals(yf[2], yf[3]);
    assertEquals(Math.exp(-87), yf[0], 4e-7 * Math.exp(-87));
    assertEquals(Math.exp(87), yf[2], 4e-7 * Math.exp(87));
    float inside = Math.nextUp(-VectorExp.FLOAT_LIMIT);
    float[] zf = expAll(java.util.Arrays.copyOf(new float[] {inside}, F.length()));
    assertEquals(StrictMath.exp(inside), zf[0], 4e-7 * StrictMath.exp(inside));
  }

  /**
   * The integer clamp gives the bits of the plain rule x < -87 ? -87 : x > 87 ? 87 : x (which keeps
   * -0 and every NaN payload) for the special values and 2^20 random bit patterns, a sixteenth of
   * them NaNs.
   */
  @Test
  void clampKeepsTheBitsOfTheCompareRule() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    float[] special = {
      Float.NaN,
      Float.intBitsToFloat(0xffc00001),
      Float.intBitsToFloat(0x7f800001),
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -0f,
      0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      87f,
      -87f,
      Math.nextUp(87f),
      Math.nextDown(-87f),
      Math.nextDown(87f),
      Math.nextUp(-87f)
    };
    int n = (1 << 20) / F.length() * F.length();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int bits = random.nextInt();
      x[i] =
          i < special.length
              ? special[i]
              : Float.intBitsToFloat(i % 16 == 0 ? bits | 0x7f800001 : bits);
    }
    for (int i = 0; i < n; i += F.length()) {
      float[] clamped = new float[F.length()];
      VectorExp.clamp(FloatVector.fromArray(F, x, i)).intoArray(clamped, 0);
      for (int lane = 0; lane < F.length(); lane++) {
        float v = x[i + lane];
        float expected = v < -87f ? -87f : v > 87f ? 87f : v;
        assertEquals(
            Float.floatToRawIntBits(expected),
            Float.floatToRawIntBits(clamped[lane]),
            "clamp of bits " + Integer.toHexString(Float.floatToRawIntBits(v)));
      }
    }
  }

  /**
   * The point of the class: the first calls run in the interpreter, later ones in C2-compiled code;
   * both must give the same bits (the Vector API's own EXP does not on x86 with SVML).
   */
  @Test
  void compiledResultsEqualInterpretedResultsBitForBit() {
    float[] xf = grid(-20, 20, 0.0371f);
    float[] coldF = expAll(xf);
    for (int rep = 0; rep < 300; rep++) {
      expAll(xf);
    }
    assertArrayEquals(coldF, expAll(xf));
  }

  private static float[] grid(float from, float to, float step) {
    int n = (int) ((to - from) / step) / F.length() * F.length();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.min(to, from + i * step);
    }
    return x;
  }

  private static float[] expAll(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i + F.length() <= x.length; i += F.length()) {
      VectorExp.exp(FloatVector.fromArray(F, x, i)).intoArray(y, i);
    }
    return y;
  }

  /** The double version against {@code StrictMath.exp} (fdlibm, under 1 ulp): within 2 ulps. */
  @Test
  void doubleExpAgreesWithStrictMathToTwoUlps() {
    double[] x = doubleGrid(-708, 708, 0.00731);
    double[] y = expAll(x);
    for (int i = 0; i < x.length; i++) {
      double expected = StrictMath.exp(x[i]);
      assertEquals(expected, y[i], 2 * Math.ulp(expected), "exp(" + x[i] + ")");
    }
  }

  @Test
  void doubleExpClampsAndPropagatesNaN() {
    double[] x =
        java.util.Arrays.copyOf(
            new double[] {
              -1e4, 1e4, 0, 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, Double.NaN
            },
            Math.max(8, D.length()));
    double[] y = expAll(x);
    assertEquals(StrictMath.exp(-708), y[0], 2 * Math.ulp(StrictMath.exp(-708)));
    assertEquals(StrictMath.exp(708), y[1], 2 * Math.ulp(StrictMath.exp(708)));
    assertEquals(1.0, y[2]);
    assertEquals(Math.E, y[3], 2 * Math.ulp(Math.E));
    assertEquals(y[0], y[4], "e^-inf is clamped like e^-10000");
    assertEquals(y[1], y[5], "e^+inf is clamped like e^10000");
    assertEquals(1.0, y[6], "e^-0");
    assertEquals(Double.NaN, y[7]);
  }

  @Test
  void doubleCompiledResultsEqualInterpretedResultsBitForBit() {
    double[] x = doubleGrid(-30, 30, 0.0371);
    double[] cold = expAll(x);
    for (int rep = 0; rep < 300; rep++) {
      expAll(x);
    }
    assertArrayEquals(cold, expAll(x));
  }

  private static double[] doubleGrid(double from, double to, double step) {
    int n = (int) ((to - from) / step) / D.length() * D.length();
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.min(to, from + i * step);
    }
    return x;
  }

  private static double[] expAll(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i + D.length() <= x.length; i += D.length()) {
      VectorExp.exp(DoubleVector.fromArray(D, x, i)).intoArray(y, i);
    }
    return y;
  }
}
