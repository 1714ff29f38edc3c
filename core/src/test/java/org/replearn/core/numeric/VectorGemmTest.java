package org.replearn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.core.InvalidInputException;

class VectorGemmTest {

  /**
   * C += X Y against the triple loop in double, X stored either row-major or transposed (read
   * through swapped strides), all arrays at an offset, C starting from random values: shapes that
   * take the 4-row x 2-vector tile, the single-vector column rest and the single-row rest.
   */
  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2} padded, X transposed {3}")
  @CsvSource({
    "4, 1, 16, false",
    "8, 84, 56, false",
    "7, 52, 88, true",
    "1, 3, 8, false",
    "3, 0, 24, true",
    "13, 29, 40, true",
    "128, 84, 56, false"
  })
  void matchesTheTripleLoop(int rows, int depth, int colsWanted, boolean transposed) {
    int cols = VectorGemm.padded(colsWanted);
    SplittableRandom rng = new SplittableRandom(rows * 1000L + depth * 10L + cols);
    int xOff = 3;
    int yOff = 5;
    int cOff = 7;
    int yStride = cols + 8;
    int cStride = cols + 16;
    float[] x = random(rng, xOff + rows * depth);
    float[] y = random(rng, yOff + depth * yStride);
    float[] c = random(rng, cOff + rows * cStride);
    float[] before = c.clone();
    int xRowStride = transposed ? 1 : depth;
    int xColStride = transposed ? rows : 1;
    VectorGemm.multiplyAdd(
        x, xOff, xRowStride, xColStride, y, yOff, yStride, c, cOff, cStride, rows, depth, cols);
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        double sum = before[cOff + r * cStride + col];
        for (int k = 0; k < depth; k++) {
          sum += (double) x[xOff + r * xRowStride + k * xColStride] * y[yOff + k * yStride + col];
        }
        assertEquals(sum, c[cOff + r * cStride + col], 1e-5 * (1 + depth), r + "," + col);
      }
    }
    // nothing outside C's rows and columns is written
    for (int i = 0; i < cOff; i++) {
      assertEquals(before[i], c[i], 0f);
    }
    for (int r = 0; r < rows; r++) {
      for (int col = cols; col < cStride && cOff + r * cStride + col < c.length; col++) {
        assertEquals(before[cOff + r * cStride + col], c[cOff + r * cStride + col], 0f);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1", "7", "9"})
  void columnsThatAreNotWholeVectorsAreRefused(int cols) {
    int lanes = VectorGemm.padded(1);
    if (cols % lanes == 0) {
      return;
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                VectorGemm.multiplyAdd(
                    new float[4], 0, 1, 1, new float[64], 0, 16, new float[64], 0, 16, 1, 1, cols));
    assertTrue(e.getMessage().contains("cols"), e.getMessage());
  }

  /** Rows give the same bits whether they run in a 4-row tile or alone (a split over threads). */
  @ParameterizedTest
  @CsvSource({"5, 1", "6, 2", "7, 3"})
  void aRowsResultDoesNotDependOnTheTiling(int rows, int alone) {
    SplittableRandom rng = new SplittableRandom(rows);
    int depth = 37;
    int cols = VectorGemm.padded(3 * VectorGemm.padded(1));
    float[] x = random(rng, rows * depth);
    float[] y = random(rng, depth * cols);
    float[] together = new float[rows * cols];
    VectorGemm.multiplyAdd(x, 0, depth, 1, y, 0, cols, together, 0, cols, rows, depth, cols);
    float[] split = new float[rows * cols];
    int first = rows - alone;
    VectorGemm.multiplyAdd(x, 0, depth, 1, y, 0, cols, split, 0, cols, first, depth, cols);
    for (int r = first; r < rows; r++) {
      VectorGemm.multiplyAdd(
          x, r * depth, depth, 1, y, 0, cols, split, r * cols, cols, 1, depth, cols);
    }
    assertArrayEquals(together, split);
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    return a;
  }
}
