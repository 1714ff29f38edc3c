package org.replearn.privacy.noisygd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.numeric.VectorExp;

/**
 * The per-example coefficients of a block of rows, from logits z_t to c_t g_t in place (row-major
 * {@code [rows, kp]}; the kp - k padding classes get 0):
 *
 * <pre>
 *   g_t = softmax(z_t) - e_y (cross-entropy) or z_t - e_y (squared)
 *   c_t = min(1, G / (||g_t|| sqrt(||x_t||^2 + [bias])))
 * </pre>
 *
 * Row by row, or a whole block of one vector's lanes of rows one row per lane; both give the same
 * bits. Counts the rows it clipped.
 */
final class ClipCoefficients {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /**
   * Rows of {@link #onePerLane}: one vector's lanes. A constant, not a field: with the block size
   * in a field, the class-major indexing was not folded and the step took 6% longer at p = 32.
   */
  static final int LANE_ROWS = SPECIES.length();

  /** Doubles of the same vector size: the clip factors of half a block's rows at a time. */
  private static final VectorSpecies<Double> DOUBLES =
      VectorSpecies.of(double.class, SPECIES.vectorShape());

  /**
   * Whether {@link #onePerLane} writes the coefficients back with scatters: on AVX-512 one scatter
   * a class took 210 against 250-260 ns a block of 16 rows for the scalar stores (Intel Xeon); AVX2
   * has no scatter instruction, and the Vector API's fallback took 310-540 against 160-195 ns a
   * block of 8. Measured on Intel only: AMD's Zen 4 executes AVX-512 scatters more slowly than
   * Intel does, so the choice is to be measured again there.
   */
  static final boolean SCATTER = SPECIES.vectorBitSize() >= 512;

  private final int k;
  private final int kp;
  private final Loss loss;
  private final boolean hasBias;
  private final float clipNorm;

  /** A block's coefficients in class-major order, {@code [k, LANE_ROWS]}. */
  private final float[] byClass;

  /** A block's clip factors, one per row. */
  private final float[] factors;

  /** The clip factors of a block in double, before they are rounded to float. */
  private final double[] doubleFactors = new double[LANE_ROWS];

  /** Gather and scatter offsets of a block's rows: t kp. */
  private final int[] rowOffsets = new int[LANE_ROWS];

  private int clipped;

  /**
   * @param k classes
   * @param kp classes with padding
   */
  ClipCoefficients(int k, int kp, Loss loss, boolean hasBias, float clipNorm) {
    this.k = k;
    this.kp = kp;
    this.loss = loss;
    this.hasBias = hasBias;
    this.clipNorm = clipNorm;
    this.byClass = new float[kp * LANE_ROWS];
    this.factors = new float[LANE_ROWS];
    for (int t = 0; t < LANE_ROWS; t++) {
      rowOffsets[t] = t * kp;
    }
  }

  /** Rows clipped so far (||grad_t|| > G). */
  int clipped() {
    return clipped;
  }

  /**
   * The coefficients of the first r rows, one row at a time: a block's leftover rows, or every
   * block where one row per lane does not fit.
   */
  void rowByRow(float[] logits, float[] squaredNorms, int r, int[] rowLabels) {
    int len = r * kp;
    if (loss == Loss.CROSS_ENTROPY) {
      for (int t = 0; t < r; t++) {
        int base = t * kp;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, logits[base + c]);
        }
        for (int c = 0; c < k; c++) {
          logits[base + c] -= max;
        }
        for (int c = k; c < kp; c++) {
          logits[base + c] = Float.NEGATIVE_INFINITY;
        }
      }
      for (int i = 0; i < len; i += SPECIES.length()) {
        VectorExp.exp(FloatVector.fromArray(SPECIES, logits, i)).intoArray(logits, i);
      }
      for (int t = 0; t < r; t++) {
        int base = t * kp;
        float s = 0;
        for (int c = 0; c < k; c++) {
          s += logits[base + c];
        }
        float inv = 1 / s;
        for (int c = 0; c < k; c++) {
          logits[base + c] *= inv;
        }
      }
    }
    for (int t = 0; t < r; t++) {
      int base = t * kp;
      for (int c = k; c < kp; c++) {
        logits[base + c] = 0;
      }
      logits[base + rowLabels[t]] -= 1;
      float g2 = 0;
      for (int c = 0; c < k; c++) {
        g2 += logits[base + c] * logits[base + c];
      }
      double norm = Math.sqrt((double) g2 * (squaredNorms[t] + (hasBias ? 1 : 0)));
      if (norm > clipNorm) {
        float factor = (float) (clipNorm / norm);
        for (int c = 0; c < k; c++) {
          logits[base + c] *= factor;
        }
        clipped++;
      }
    }
  }

  /**
   * {@link #rowByRow} for a whole block, one row per vector lane: the logits are gathered into
   * class-major order (one gather a class), the softmax, label and clipping run on one vector per
   * class, and the result goes back by one scatter a class ({@link #SCATTER}; else by scalar
   * stores). The clip factors run in double vectors, half a block at a time. Each lane does the
   * row-by-row version's operations in the same order (maximum, shift, {@link VectorExp}, sum from
   * class 0, one division, products; the squared norm as a product and a sum, the norm and the
   * factor in double; unclipped rows multiplied by 1), so both give the same bits. Row by row, the
   * loops over ten classes took longer than the block's dot products at p = 32. With the gathers,
   * the scatters and the vector factors a block of 16 rows took 210 against 320-330 ns (K = 10,
   * Intel Xeon, AVX-512); the factors alone, whose scalar loop branched on each row's clip, 8% of
   * that.
   */
  void onePerLane(float[] logits, float[] squaredNorms, int[] rowLabels) {
    float[] z = byClass;
    for (int c = 0; c < k; c++) {
      FloatVector.fromArray(SPECIES, logits, c, rowOffsets, 0).intoArray(z, c * LANE_ROWS);
    }
    if (loss == Loss.CROSS_ENTROPY) {
      FloatVector max = FloatVector.fromArray(SPECIES, z, 0);
      for (int c = 1; c < k; c++) {
        FloatVector v = FloatVector.fromArray(SPECIES, z, c * LANE_ROWS);
        max = max.blend(v, v.compare(VectorOperators.GT, max));
      }
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int c = 0; c < k; c++) {
        FloatVector e = VectorExp.exp(FloatVector.fromArray(SPECIES, z, c * LANE_ROWS).sub(max));
        e.intoArray(z, c * LANE_ROWS);
        sum = sum.add(e);
      }
      FloatVector inv = FloatVector.broadcast(SPECIES, 1f).div(sum);
      for (int c = 0; c < k; c++) {
        FloatVector.fromArray(SPECIES, z, c * LANE_ROWS).mul(inv).intoArray(z, c * LANE_ROWS);
      }
    }
    for (int t = 0; t < LANE_ROWS; t++) {
      z[rowLabels[t] * LANE_ROWS + t] -= 1;
    }
    FloatVector g2 = FloatVector.zero(SPECIES);
    for (int c = 0; c < k; c++) {
      FloatVector g = FloatVector.fromArray(SPECIES, z, c * LANE_ROWS);
      g2 = g2.add(g.mul(g));
    }
    FloatVector rowNorms = FloatVector.fromArray(SPECIES, squaredNorms, 0).add(hasBias ? 1f : 0f);
    for (int part = 0; part < 2; part++) {
      DoubleVector norm =
          ((DoubleVector) g2.convertShape(VectorOperators.F2D, DOUBLES, part))
              .mul((DoubleVector) rowNorms.convertShape(VectorOperators.F2D, DOUBLES, part))
              .lanewise(VectorOperators.SQRT);
      VectorMask<Double> clip = norm.compare(VectorOperators.GT, clipNorm);
      clipped += clip.trueCount();
      DoubleVector.broadcast(DOUBLES, 1.0)
          .blend(DoubleVector.broadcast(DOUBLES, clipNorm).div(norm), clip)
          .intoArray(doubleFactors, part * DOUBLES.length());
    }
    for (int t = 0; t < LANE_ROWS; t++) {
      factors[t] = (float) doubleFactors[t];
    }
    FloatVector factor = FloatVector.fromArray(SPECIES, factors, 0);
    for (int c = 0; c < k; c++) {
      FloatVector.fromArray(SPECIES, z, c * LANE_ROWS).mul(factor).intoArray(z, c * LANE_ROWS);
    }
    if (SCATTER) {
      for (int c = 0; c < k; c++) {
        FloatVector.fromArray(SPECIES, z, c * LANE_ROWS).intoArray(logits, c, rowOffsets, 0);
      }
    } else {
      for (int t = 0; t < LANE_ROWS; t++) {
        for (int c = 0; c < k; c++) {
          logits[t * kp + c] = z[c * LANE_ROWS + t];
        }
      }
    }
    for (int t = 0; t < LANE_ROWS; t++) {
      for (int c = k; c < kp; c++) {
        logits[t * kp + c] = 0;
      }
    }
  }
}
