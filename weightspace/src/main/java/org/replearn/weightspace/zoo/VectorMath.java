package org.replearn.weightspace.zoo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.numeric.VectorExp;

/**
 * Reproducible math for the zoo trainer. e^x on float vectors from IEEE additions and
 * multiplications only ({@link VectorExp}: Cephes' expf), so a result is the same bit for bit
 * whether the JVM interprets the code or compiles it. The Vector API's own {@code EXP} and {@code
 * TANH} use vendor kernels once compiled and Java's scalar functions before, which differ in the
 * last bits: a resumed or re-batched training run would then drift from an uninterrupted one.
 * Relative error about 2e-7 for exp.
 */
final class VectorMath {
  /**
   * The machine's preferred shape, as every other replearn kernel uses: kernels of two shapes in
   * one JVM pollute the Vector API's type profiles, and this one ran 5x slower after RieM's
   * (512-bit) kernel had run in the same process.
   */
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorMath() {}

  /** e^x lane-wise, inputs clamped to +-87 ({@link VectorExp#exp(FloatVector)}). */
  static FloatVector exp(FloatVector x) {
    return VectorExp.exp(x);
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
