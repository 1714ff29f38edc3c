package org.replearn.weightspace.zoo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reproducible math for the zoo trainer. e^x on float vectors from IEEE additions and
 * multiplications only (Cephes' expf: range reduction by ln 2, degree-6 polynomial, exponent bits),
 * so a result is the same bit for bit whether the JVM interprets the code or compiles it. The
 * Vector API's own {@code EXP} and {@code TANH} use vendor kernels once compiled and Java's scalar
 * functions before, which differ in the last bits: a resumed or re-batched training run would then
 * drift from an uninterrupted one. Relative error about 2e-7 for exp.
 */
final class VectorMath {
  /**
   * The machine's preferred shape, as every other replearn kernel uses: kernels of two shapes in
   * one JVM pollute the Vector API's type profiles, and this one ran 5x slower after RieM's
   * (512-bit) kernel had run in the same process.
   */
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;

  /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUNDER = 12582912f;

  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

  /** Inputs are clamped to +-87 so that 2^n stays a normal float. */
  private static final float LIMIT = 87f;

  private VectorMath() {}

  /** e^x lane-wise. */
  static FloatVector exp(FloatVector x) {
    FloatVector v = x.max(-LIMIT).min(LIMIT);
    FloatVector shifted = v.mul(LOG2E).add(ROUNDER);
    FloatVector n = shifted.sub(ROUNDER);
    FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
    FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
    p = p.mul(r).add(8.3334519073e-3f);
    p = p.mul(r).add(4.1665795894e-2f);
    p = p.mul(r).add(1.6666665459e-1f);
    p = p.mul(r).add(5.0000001201e-1f);
    p = p.mul(r.mul(r)).add(r).add(1f);
    IntVector bits = (IntVector) shifted.reinterpretAsInts();
    FloatVector scale =
        bits.sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale);
  }

  /**
   * log sum_i e^{z[from + i]} over i < n, in double with StrictMath (the same on every run, unlike
   * Math.exp, which the JIT may replace by an intrinsic).
   */
  static double logSumExp(float[] z, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, z[from + i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += StrictMath.exp(z[from + i] - max);
    }
    return max + StrictMath.log(sum);
  }
}
