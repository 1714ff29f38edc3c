package org.replearn.core.numeric;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x on float vectors from IEEE additions, multiplications and fused multiply-adds only, so a
 * result is the same bit for bit whether the JVM interprets the calling code or compiles it (an
 * uncompiled {@code fma} is {@link Math#fma}, which rounds once, as the FMA instruction does).
 *
 * <p>Why not the Vector API's own {@code lanewise(VectorOperators.EXP)}: before C2 compiles a loop,
 * EXP is computed lane by lane with Java's scalar {@code Math.exp}; once compiled, with a vendor
 * kernel (Intel's SVML on x86). The two differ in the last bits, and which one a call gets depends
 * on when the JIT reached the loop, which varies from run to run. Training that sums such
 * exponentials (multi-marginal Sinkhorn inside M3G, the zoo trainer's LSTM gates) then drifts apart
 * after a few steps between two runs with the same seed, and a resumed run cannot equal an
 * uninterrupted one.
 *
 * <p>Method (Cephes' expf): x = n ln 2 + r with n = round(x / ln 2) (by adding 1.5 * 2^23) and |r|
 * &lt;= ln 2 / 2 (Cody-Waite split of ln 2), e^r by a degree-6 minimax polynomial, 2^n written into
 * the exponent bits; relative error about 2e-7. Inputs are clamped to +-87 so that 2^n stays a
 * normal float: e^x for x below -87 returns e^-87 (about 1.6e-38) instead of a subnormal or 0, an
 * absolute error no sum of exponentials notices.
 *
 * <p>The clamp works on the float's bits with integer operations of one cycle each ({@link
 * #clamp}). Two earlier forms give the same result for every input, NaN included, and cost more:
 * Java's float {@code max} and {@code min} must propagate NaN and order -0 below +0, which C2
 * compiles on AVX2 to five instructions each, about 40% of the whole exponential's time (0.73
 * against 0.55 ns per element in a standalone loop, AMD EPYC); a compare and a blend per side, in
 * JDK 17, turns each compare's mask into a vector and back (four instructions a side, one of them a
 * load). With the integer form {@code VectorExpBenchmark} ran at 0.27-0.29 ns per element against
 * 0.44-0.46 (Intel Xeon, AVX-512, Java 17; Temurin 25, which keeps masks in mask registers, ran the
 * compare-and-blend form at 0.28), and the zoo's gate activations (an exponential and a division
 * per 16-float vector) at 5.9 ns a vector against 6.2-6.4.
 *
 * <p>The range reduction and the polynomial use fused multiply-adds: an uncompiled {@code fma} is
 * {@code Math.fma}, correctly rounded like the instruction, so the bits still do not depend on the
 * JIT. Cost, {@code VectorExpBenchmark} (JMH, sum of exponentials over 1,024 floats in L1, AMD EPYC
 * with 8 float lanes): 0.63 ns per element, against 0.60 for the Vector API's EXP (0.88-0.95 on a
 * loaded machine with the max/min clamp), and 3.4 for the same method written with separate
 * multiplies and adds, which C2 compiled less well (it had been kept for a benchmark that mixed the
 * variants in one loop, where C2 boxed their vectors, and so measured every variant at 2-4 ns).
 *
 * <p>The double version ({@link #exp(DoubleVector)}, degree-13 polynomial, within 1 ulp of
 * StrictMath.exp over 2 million random inputs) had been tried and dropped at 54 ns per element, its
 * vectors boxed by C2; with {@code -XX:PerMethodTrapLimit} raised ({@link TrapLimit}) it takes
 * 0.9-1.2 ns against 0.6-0.9 for the Vector API's EXP (the same loop over 1,024 doubles in L1,
 * Intel Xeon, AVX-512, with a build beside it).
 */
public final class VectorExp {
  private static final float F_LOG2E = 1.44269504088896341f;
  private static final float F_LN2_HI = 0.693359375f;
  private static final float F_LN2_LO = -2.12194440e-4f;

  /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
  private static final float F_ROUNDER = 12582912f;

  private static final int F_ROUNDER_BITS = Float.floatToRawIntBits(F_ROUNDER);

  /** Float inputs are clamped to +-87 so that 2^n stays a normal float. */
  public static final float FLOAT_LIMIT = 87f;

  private static final int LIMIT_BITS = Float.floatToRawIntBits(FLOAT_LIMIT);
  private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
  private static final int SIGN_BIT = Integer.MIN_VALUE;

  private static final double D_LOG2E = 1.4426950408889634;
  private static final double D_LN2_HI = 6.93147180369123816490e-01;
  private static final double D_LN2_LO = 1.90821492927058770002e-10;

  /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
  private static final double D_ROUNDER = 6755399441055744.0;

  private static final long D_ROUNDER_BITS = Double.doubleToRawLongBits(D_ROUNDER);

  /** Double inputs are clamped to +-708 so that 2^n stays a normal double. */
  public static final double DOUBLE_LIMIT = 708;

  private VectorExp() {}

  /**
   * x clamped to [-87, 87] lane-wise, NaN passed through with its bits: on a = |x|'s bits, min(a,
   * bits(87)) clamps every non-NaN (the bits of non-negative floats order as the floats do, and
   * infinity's lie below every NaN's); max with a's NaN part (a where a > bits(+inf), found from
   * the sign of a - bits(+inf) - 1, else 0) restores a NaN; then x's sign bit goes back.
   */
  static FloatVector clamp(FloatVector x) {
    IntVector bits = (IntVector) x.reinterpretAsInts();
    IntVector magnitude = bits.and(~SIGN_BIT);
    IntVector nanPart =
        magnitude.and(
            magnitude
                .sub(INFINITY_BITS + 1)
                .lanewise(VectorOperators.ASHR, Integer.SIZE - 1)
                .not());
    return magnitude.min(LIMIT_BITS).max(nanPart).or(bits.and(SIGN_BIT)).reinterpretAsFloats();
  }

  /** e^x lane-wise, x clamped to [-87, 87]. */
  public static FloatVector exp(FloatVector x) {
    FloatVector v = clamp(x);
    FloatVector shifted = v.fma(F_LOG2E, F_ROUNDER);
    FloatVector n = shifted.sub(F_ROUNDER);
    FloatVector r = n.fma(x.broadcast(-F_LN2_HI), v);
    r = n.fma(x.broadcast(-F_LN2_LO), r);
    FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
    p = p.fma(r, x.broadcast(8.3334519073e-3f));
    p = p.fma(r, x.broadcast(4.1665795894e-2f));
    p = p.fma(r, x.broadcast(1.6666665459e-1f));
    p = p.fma(r, x.broadcast(5.0000001201e-1f));
    p = p.fma(r.mul(r), r).add(1f);
    IntVector bits = (IntVector) shifted.reinterpretAsInts();
    FloatVector scale =
        bits.sub(F_ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale);
  }

  /**
   * e^x lane-wise on doubles, x clamped to [-708, 708] (NaN passes through), by the float version's
   * method: x = n ln 2 + r with |r| &lt;= ln 2 / 2 (fdlibm's split of ln 2), e^r by its Taylor
   * polynomial to degree 13 (truncation below 1e-17 relative), 2^n written into the exponent bits.
   * Relative error a few 1e-16; additions, multiplications and fused multiply-adds only, so the
   * bits do not depend on the JIT.
   */
  public static DoubleVector exp(DoubleVector x) {
    DoubleVector v = x.max(-DOUBLE_LIMIT).min(DOUBLE_LIMIT);
    DoubleVector shifted = v.fma(D_LOG2E, D_ROUNDER);
    DoubleVector n = shifted.sub(D_ROUNDER);
    DoubleVector r = n.fma(x.broadcast(-D_LN2_HI), v);
    r = n.fma(x.broadcast(-D_LN2_LO), r);
    DoubleVector p = r.fma(1.0 / 6227020800.0, 1.0 / 479001600.0);
    p = p.fma(r, x.broadcast(1.0 / 39916800.0));
    p = p.fma(r, x.broadcast(1.0 / 3628800.0));
    p = p.fma(r, x.broadcast(1.0 / 362880.0));
    p = p.fma(r, x.broadcast(1.0 / 40320.0));
    p = p.fma(r, x.broadcast(1.0 / 5040.0));
    p = p.fma(r, x.broadcast(1.0 / 720.0));
    p = p.fma(r, x.broadcast(1.0 / 120.0));
    p = p.fma(r, x.broadcast(1.0 / 24.0));
    p = p.fma(r, x.broadcast(1.0 / 6.0));
    p = p.fma(r, x.broadcast(0.5));
    p = p.fma(r.mul(r), r).add(1.0);
    LongVector bits = (LongVector) shifted.reinterpretAsLongs();
    DoubleVector scale =
        bits.sub(D_ROUNDER_BITS - 1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    return p.mul(scale);
  }
}
