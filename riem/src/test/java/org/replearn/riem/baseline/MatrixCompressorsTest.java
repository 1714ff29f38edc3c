package org.replearn.riem.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.fit.FitConfig;
import org.replearn.riem.fit.MinMaxQuantizer;
import org.replearn.riem.layer.StorageAccounting;

class MatrixCompressorsTest {

  static float[] lowRankPlusNoise(int rows, int cols, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[rows * cols];
    for (int r = 0; r < 3; r++) {
      double[] a = rng.doubles(rows).map(x -> x - 0.5).toArray();
      double[] b = rng.doubles(cols).map(x -> x - 0.5).toArray();
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          w[i * cols + j] += (float) (a[i] * b[j] * (3 - r));
        }
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] += (float) (0.01 * rng.nextGaussian());
    }
    return w;
  }

  @Test
  void everyMethodStaysWithinTheBudget() {
    float[] w = lowRankPlusNoise(20, 30, 1);
    MatrixCompressors.Options options =
        MatrixCompressors.Options.defaults()
            .withFit(FitConfig.fast(4, 2).withSearch(1, 10).withMainSteps(50));
    for (MatrixCompressors.Method m : MatrixCompressors.Method.values()) {
      Compressed c = MatrixCompressors.compress(m, w, 20, 30, 0.5, options, new Seeds(0));
      assertTrue(c.compressionRatio() <= 0.5, m + " ratio " + c.compressionRatio());
      assertEquals(600, c.reconstruction().length);
    }
  }

  @Test
  void svdOfARankThreeMatrixIsExactAtRankThree() {
    float[] w = lowRankPlusNoise(20, 30, 2);
    TruncatedSvd svd = new TruncatedSvd(w, 20, 30);
    Compressed fp = svd.truncate(3, null, StorageAccounting.HONEST);
    // only the N(0, 0.01^2) noise is left: mean |noise| ~ 0.008 against std(W) ~ 0.1-0.3
    assertTrue(fp.relativeError(w) < 0.1, "error " + fp.relativeError(w));
    Compressed one = svd.truncate(1, null, StorageAccounting.HONEST);
    assertTrue(one.relativeError(w) > fp.relativeError(w));
    Compressed full = svd.truncate(20, null, StorageAccounting.HONEST);
    assertArrayEquals(w, full.reconstruction(), 1e-5f);
  }

  @Test
  void quantizationAtEightBitsHasBoundedError() {
    float[] w = lowRankPlusNoise(10, 40, 3);
    Compressed q =
        MinMaxQuantization.quantize(w, 10, 40, MinMaxQuantizer.of(8), StorageAccounting.PAPER);
    assertEquals(0.25, q.compressionRatio(), 1e-12);
    for (int i = 0; i < 10; i++) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int j = 0; j < 40; j++) {
        min = Math.min(min, w[i * 40 + j]);
        max = Math.max(max, w[i * 40 + j]);
      }
      for (int j = 0; j < 40; j++) {
        assertEquals(w[i * 40 + j], q.reconstruction()[i * 40 + j], (max - min) / 255 / 2 + 1e-6);
      }
    }
  }

  @Test
  void pruningKeepsTheLargestEntries() {
    float[] w = {0.1f, -3f, 0.5f, 2f, -0.2f, 0f};
    Compressed p = MagnitudePruning.prune(w, 2, 3, 2, StorageAccounting.HONEST);
    assertArrayEquals(new float[] {0, -3f, 0, 2f, 0, 0}, p.reconstruction());
    assertEquals(2 * 32 + 6, p.storedBits());
  }

  @Test
  void stateDimGrowsWithTheBudget() {
    MatrixCompressors.Options o = MatrixCompressors.Options.defaults();
    int small = MatrixCompressors.stateDimFor(128, 256, 32L * 128 * 256 / 10, o);
    int large = MatrixCompressors.stateDimFor(128, 256, 32L * 128 * 256 / 4, o);
    assertTrue(large > small, small + " vs " + large);
    assertEquals(14, MatrixCompressors.metricDimFor(52));
    assertEquals(2, MatrixCompressors.metricDimFor(3));
    assertEquals(7, MatrixCompressors.metricDimFor(26));
  }
}
