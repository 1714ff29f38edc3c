package org.replearn.core.numeric;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;

/**
 * Small dense products on float arrays with the JDK Vector API: {@code C += X Y}, with X read
 * through a row and a column stride (so a transposed view costs no copy) and Y and C row-major with
 * a row length padded to whole vectors.
 *
 * <p>Why by hand: the RieM kernel's gradient products ({@code [rows, K m] x [K m, d]} and their
 * transposes, d about 50) were written as one {@code axpy} per (row, unit), short loops of 52 or 84
 * floats that the JIT vectorises with a scalar pre- and post-loop each; they took half of a fitting
 * step. DJL would go through JNI and native buffers for products of a few hundred microseconds. The
 * loop here keeps a 4-row x 2-vector tile of C in registers (8 independent FMA chains, what two FMA
 * pipes with a 4-cycle latency need) over the whole sum.
 */
public final class VectorGemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private VectorGemm() {}

  /** {@code n} rounded up to whole vectors: the row length Y and C need. */
  public static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code c[cOff + r cStride + col] += sum_k x[xOff + r xRowStride + k xColStride] y[yOff + k
   * yStride + col]} for {@code r < rows}, {@code k < depth}, {@code col < cols}.
   *
   * @param cols a multiple of the vector length ({@link #padded}); the padding columns of Y should
   *     hold zeros if the caller reads C's padding
   */
  public static void multiplyAdd(
      float[] x,
      int xOff,
      int xRowStride,
      int xColStride,
      float[] y,
      int yOff,
      int yStride,
      float[] c,
      int cOff,
      int cStride,
      int rows,
      int depth,
      int cols) {
    InvalidInputException.require(
        cols % LANES == 0, "cols", "must be a multiple of the vector length " + LANES, cols);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int col = 0;
      for (; col + 2 * LANES <= cols; col += 2 * LANES) {
        fourRowsTwoVectors(
            x,
            xOff + r * xRowStride,
            xRowStride,
            xColStride,
            y,
            yOff + col,
            yStride,
            c,
            cOff + r * cStride + col,
            cStride,
            depth);
      }
      for (; col < cols; col += LANES) {
        for (int rr = r; rr < r + 4; rr++) {
          oneRowOneVector(
              x,
              xOff + rr * xRowStride,
              xColStride,
              y,
              yOff + col,
              yStride,
              c,
              cOff + rr * cStride + col,
              depth);
        }
      }
    }
    for (; r < rows; r++) {
      for (int col = 0; col < cols; col += LANES) {
        oneRowOneVector(
            x,
            xOff + r * xRowStride,
            xColStride,
            y,
            yOff + col,
            yStride,
            c,
            cOff + r * cStride + col,
            depth);
      }
    }
  }

  private static void fourRowsTwoVectors(
      float[] x,
      int x0,
      int xRowStride,
      int xColStride,
      float[] y,
      int y0,
      int yStride,
      float[] c,
      int c0,
      int cStride,
      int depth) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int x1 = x0 + xRowStride;
    int x2 = x1 + xRowStride;
    int x3 = x2 + xRowStride;
    for (int k = 0; k < depth; k++) {
      int yk = y0 + k * yStride;
      FloatVector b0 = FloatVector.fromArray(SPECIES, y, yk);
      FloatVector b1 = FloatVector.fromArray(SPECIES, y, yk + LANES);
      int xk = k * xColStride;
      FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + xk]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(SPECIES, x[x1 + xk]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(SPECIES, x[x2 + xk]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(SPECIES, x[x3 + xk]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
    }
    addInto(c, c0, c00, c01);
    addInto(c, c0 + cStride, c10, c11);
    addInto(c, c0 + 2 * cStride, c20, c21);
    addInto(c, c0 + 3 * cStride, c30, c31);
  }

  private static void addInto(float[] c, int at, FloatVector lo, FloatVector hi) {
    FloatVector.fromArray(SPECIES, c, at).add(lo).intoArray(c, at);
    FloatVector.fromArray(SPECIES, c, at + LANES).add(hi).intoArray(c, at + LANES);
  }

  /**
   * One row of X against one vector of Y's columns, summed over k in the same order as the tile
   * (one chain from zero, then added to C), so that a row's result does not depend on whether it
   * fell into a tile: a product split over threads by rows is the same bit for bit.
   */
  private static void oneRowOneVector(
      float[] x,
      int x0,
      int xColStride,
      float[] y,
      int y0,
      int yStride,
      float[] c,
      int c0,
      int depth) {
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int k = 0; k < depth; k++) {
      sum =
          FloatVector.broadcast(SPECIES, x[x0 + k * xColStride])
              .fma(FloatVector.fromArray(SPECIES, y, y0 + k * yStride), sum);
    }
    FloatVector.fromArray(SPECIES, c, c0).add(sum).intoArray(c, c0);
  }
}
