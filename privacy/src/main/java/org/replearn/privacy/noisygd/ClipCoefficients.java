package org.replearn.privacy.noisygd;

import jdk.incubator.vector.FloatVector;
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

  private final int k;
  private final int kp;
  private final Loss loss;
  private final boolean hasBias;
  private final float clipNorm;

  /** A block's coefficients in class-major order, {@code [k, LANE_ROWS]}. */
  private final float[] byClass;

  /** A block's squared gradient norms, then its clip factors, one per row. */
  private final float[] factors;

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
   * {@link #rowByRow} for a whole block, one row per vector lane: the logits are transposed to
   * class-major order, the softmax, label and clipping run on one vector per class, and the result
   * is transposed back. Each lane does the row-by-row version's operations in the same order
   * (maximum, shift, {@link VectorExp}, sum from class 0, one division, products; the squared norm
   * as a product and a sum; unclipped rows multiplied by 1), so both give the same bits. Row by
   * row, the loops over ten classes took longer than the block's dot products at p = 32.
   */
  void onePerLane(float[] logits, float[] squaredNorms, int[] rowLabels) {
    float[] z = byClass;
    for (int t = 0; t < LANE_ROWS; t++) {
      for (int c = 0; c < k; c++) {
        z[c * LANE_ROWS + t] = logits[t * kp + c];
      }
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
    g2.intoArray(factors, 0);
    for (int t = 0; t < LANE_ROWS; t++) {
      double norm = Math.sqrt((double) factors[t] * (squaredNorms[t] + (hasBias ? 1 : 0)));
      boolean clip = norm > clipNorm;
      factors[t] = clip ? (float) (clipNorm / norm) : 1f;
      clipped += clip ? 1 : 0;
    }
    FloatVector factor = FloatVector.fromArray(SPECIES, factors, 0);
    for (int c = 0; c < k; c++) {
      FloatVector.fromArray(SPECIES, z, c * LANE_ROWS).mul(factor).intoArray(z, c * LANE_ROWS);
    }
    for (int t = 0; t < LANE_ROWS; t++) {
      int base = t * kp;
      for (int c = 0; c < k; c++) {
        logits[base + c] = z[c * LANE_ROWS + t];
      }
      for (int c = k; c < kp; c++) {
        logits[base + c] = 0;
      }
    }
  }
}
