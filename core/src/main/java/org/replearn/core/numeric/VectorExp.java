package org.replearn.core.numeric;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x on float and double vectors from IEEE additions and multiplications only, so a result is the
 * same bit for bit whether the JVM interprets the calling code or compiles it.
 *
 * <p>Why not the Vector API's own {@code lanewise(VectorOperators.EXP)}: before C2 compiles a loop,
 * EXP is computed lane by lane with Java's scalar {@code Math.exp}; once compiled, with a vendor
 * kernel (Intel's SVML on x86). The two differ in the last bits, and which one a call gets depends
 * on when the JIT reached the loop, which varies from run to run. Training that sums such
 * exponentials (multi-marginal Sinkhorn inside M3G, the zoo trainer's LSTM gates) then drifts apart
 * after a few steps between two runs with the same seed, and a resumed run cannot equal an
 * uninterrupted one.
 *
 * <p>Method (Cephes' expf and exp): x = n ln 2 + r with n = round(x / ln 2) (by adding 1.5 *
 * 2^mantissa bits) and |r| &lt;= ln 2 / 2 (Cody-Waite split of ln 2), e^r by a polynomial, 2^n
 * written into the exponent bits. Float: degree-6 minimax polynomial, relative error about 2e-7;
 * double: Taylor polynomial of degree 13 (remainder below 5e-18), relative error a few 1e-16.
 * Inputs are clamped to +-87 (float) or +-708 (double) so that 2^n stays a normal number: e^x for x
 * below the clamp returns e^-87 (about 1.6e-38) or e^-708 (about 3e-308) instead of a subnormal or
 * 0, an absolute error no sum of exponentials notices.
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

  private static final double D_LOG2E = 1.4426950408889634;

  /** ln 2 split as in fdlibm's exp: the high part has trailing zero bits, so n * hi is exact. */
  private static final double D_LN2_HI = 6.93147180369123816490e-01;

  private static final double D_LN2_LO = 1.90821492927058770002e-10;

  /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
  private static final double D_ROUNDER = 6755399441055744.0;

  private static final long D_ROUNDER_BITS = Double.doubleToRawLongBits(D_ROUNDER);

  /** Double inputs are clamped to +-708 so that 2^n stays a normal double. */
  public static final double DOUBLE_LIMIT = 708;

  private VectorExp() {}

  /** e^x lane-wise, x clamped to [-87, 87]. */
  public static FloatVector exp(FloatVector x) {
    FloatVector v = x.max(-FLOAT_LIMIT).min(FLOAT_LIMIT);
    FloatVector shifted = v.mul(F_LOG2E).add(F_ROUNDER);
    FloatVector n = shifted.sub(F_ROUNDER);
    FloatVector r = v.sub(n.mul(F_LN2_HI)).sub(n.mul(F_LN2_LO));
    FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
    p = p.mul(r).add(8.3334519073e-3f);
    p = p.mul(r).add(4.1665795894e-2f);
    p = p.mul(r).add(1.6666665459e-1f);
    p = p.mul(r).add(5.0000001201e-1f);
    p = p.mul(r.mul(r)).add(r).add(1f);
    IntVector bits = (IntVector) shifted.reinterpretAsInts();
    FloatVector scale =
        bits.sub(F_ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale);
  }

  /** e^x lane-wise, x clamped to [-708, 708]. */
  public static DoubleVector exp(DoubleVector x) {
    DoubleVector v = x.max(-DOUBLE_LIMIT).min(DOUBLE_LIMIT);
    DoubleVector shifted = v.mul(D_LOG2E).add(D_ROUNDER);
    DoubleVector n = shifted.sub(D_ROUNDER);
    DoubleVector r = v.sub(n.mul(D_LN2_HI)).sub(n.mul(D_LN2_LO));
    // 1 / j! for j = 13 down to 2, written out so that C2 keeps every vector in registers
    DoubleVector p = r.mul(1.6059043836821613e-10).add(2.08767569878681e-09);
    p = p.mul(r).add(2.505210838544172e-08);
    p = p.mul(r).add(2.755731922398589e-07);
    p = p.mul(r).add(2.7557319223985893e-06);
    p = p.mul(r).add(2.48015873015873e-05);
    p = p.mul(r).add(1.984126984126984e-04);
    p = p.mul(r).add(1.388888888888889e-03);
    p = p.mul(r).add(8.333333333333333e-03);
    p = p.mul(r).add(4.1666666666666664e-02);
    p = p.mul(r).add(1.6666666666666666e-01);
    p = p.mul(r).add(0.5);
    p = p.mul(r.mul(r)).add(r).add(1.0);
    LongVector bits = (LongVector) shifted.reinterpretAsLongs();
    DoubleVector scale =
        bits.sub(D_ROUNDER_BITS - 1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    return p.mul(scale);
  }
}
