package org.replearn.privacy.noisygd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.core.InvalidInputException;

/** The fused kernel against a plain reference that materialises every per-example gradient. */
class ClippedGradientSumTest {

  static LabelledFeatures random(int n, int p, int k, long seed, double scale) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n * p];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (scale * rng.nextGaussian());
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(k);
    }
    return new LabelledFeatures(x, n, p, y, k);
  }

  static float[] randomWeights(int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[size];
    for (int i = 0; i < size; i++) {
      w[i] = (float) (0.3 * rng.nextGaussian());
    }
    return w;
  }

  /** Per-example gradients in double, clipped one by one, summed; last K entries are the bias. */
  static double[] reference(
      LabelledFeatures d, float[] w, float[] b, Loss loss, double clip, int[] rows, int[] clipped) {
    int k = d.classes();
    int p = d.p();
    double[] sum = new double[k * p + k];
    int m = rows == null ? d.n() : rows.length;
    for (int r = 0; r < m; r++) {
      int i = rows == null ? r : rows[r];
      double[] z = new double[k];
      for (int c = 0; c < k; c++) {
        z[c] = b == null ? 0 : b[c];
        for (int j = 0; j < p; j++) {
          z[c] += (double) w[c * p + j] * d.get(i, j);
        }
      }
      double[] g = new double[k];
      if (loss == Loss.CROSS_ENTROPY) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
          g[c] = Math.exp(z[c] - max);
          s += g[c];
        }
        for (int c = 0; c < k; c++) {
          g[c] /= s;
        }
      } else {
        System.arraycopy(z, 0, g, 0, k);
      }
      g[d.labels()[i]] -= 1;
      double[] grad = new double[k * p + k];
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < p; j++) {
          grad[c * p + j] = g[c] * d.get(i, j);
        }
        grad[k * p + c] = b == null ? 0 : g[c];
      }
      double norm = 0;
      for (double v : grad) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      double factor = Math.min(1, clip / norm);
      if (factor < 1) {
        clipped[0]++;
      }
      for (int e = 0; e < grad.length; e++) {
        sum[e] += factor * grad[e];
      }
    }
    return sum;
  }

  @ParameterizedTest
  @CsvSource({
    "203, 37, 3, CROSS_ENTROPY, false, 1, false, 1.0",
    "1000, 64, 10, CROSS_ENTROPY, true, 2, false, 0.5",
    "997, 50, 7, SQUARED, true, 2, true, 2.0",
    "31, 5, 2, SQUARED, false, 3, true, 100.0",
    "2049, 768, 10, CROSS_ENTROPY, false, 2, true, 0.1"
  })
  void matchesPlainReference(
      int n, int p, int k, Loss loss, boolean bias, int threads, boolean subset, double clip) {
    LabelledFeatures d = random(n, p, k, n + p, 1.0 / Math.sqrt(p) * 3);
    float[] w = randomWeights(k * p, 7);
    float[] b = bias ? randomWeights(k, 8) : null;
    int[] rows =
        subset ? NoisyGd.poissonSample(n, 0.3, new org.replearn.core.engine.Seeds(1)) : null;
    int[] clipped = new int[1];
    double[] expected = reference(d, w, b, loss, clip, rows, clipped);
    for (ClippedGradientSum.LogitsLayout layout : ClippedGradientSum.LogitsLayout.values()) {
      assertMatches(expected, clipped[0], d, w, b, loss, threads, rows, clip, layout);
    }
  }

  private static void assertMatches(
      double[] expected,
      int expectedClipped,
      LabelledFeatures d,
      float[] w,
      float[] b,
      Loss loss,
      int threads,
      int[] rows,
      double clip,
      ClippedGradientSum.LogitsLayout layout) {
    int n = d.n();
    int p = d.p();
    int k = d.classes();
    try (ClippedGradientSum kernel =
        layout == ClippedGradientSum.LogitsLayout.BY_COST
            ? new ClippedGradientSum(threads)
            : new ClippedGradientSum(threads, true, true, layout)) {
      ClippedGradientSum.Sum sum = kernel.compute(d, w, b, loss, clip, rows);
      double scale = 0;
      for (double v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int e = 0; e < k * p; e++) {
        assertEquals(expected[e], sum.weights()[e], 2e-5 * scale + 1e-6, layout + ", entry " + e);
      }
      if (b != null) {
        for (int c = 0; c < k; c++) {
          assertEquals(expected[k * p + c], sum.bias()[c], 2e-5 * scale + 1e-6, layout.name());
        }
      }
      assertEquals(expectedClipped, sum.clipped(), Math.max(1, n / 500), layout.name());
      assertEquals(rows == null ? n : rows.length, sum.count());
      assertTrue(scale > 0);
    }
  }

  /**
   * For each way of taking the logits, the two tile shapes (for 32 vector registers and for 16; see
   * {@code WIDE_TILES}), and coefficients one row per lane or row by row, do the same operations in
   * the same order: the same bits, whichever the CPU would pick. Sizes with a scalar tail (p not a
   * multiple of the vector length) and leftover rows (n not a multiple of the block), both losses,
   * clipped and unclipped rows (G = 0.5).
   */
  @ParameterizedTest
  @CsvSource({
    "203, 37, 3, CROSS_ENTROPY, false, 1",
    "1000, 64, 10, CROSS_ENTROPY, true, 2",
    "997, 50, 7, SQUARED, true, 2",
    "2049, 768, 10, CROSS_ENTROPY, true, 1",
    "4099, 32, 11, SQUARED, false, 2"
  })
  void everyKernelShapeGivesTheSameBits(int n, int p, int k, Loss loss, boolean bias, int threads) {
    LabelledFeatures d = random(n, p, k, n + p, 1.0 / Math.sqrt(p) * 3);
    float[] w = randomWeights(k * p, 7);
    float[] b = bias ? randomWeights(k, 8) : null;
    for (ClippedGradientSum.LogitsLayout layout : ClippedGradientSum.LogitsLayout.values()) {
      ClippedGradientSum.Sum first = null;
      for (boolean wideTiles : new boolean[] {true, false}) {
        for (boolean lanePerRow : new boolean[] {true, false}) {
          try (ClippedGradientSum kernel =
              new ClippedGradientSum(threads, wideTiles, lanePerRow, layout)) {
            ClippedGradientSum.Sum sum = kernel.compute(d, w, b, loss, 0.5, null);
            if (first == null) {
              first = sum;
              continue;
            }
            String shape =
                layout + ", wide tiles " + wideTiles + ", one row per lane " + lanePerRow;
            assertArrayEquals(first.weights(), sum.weights(), shape);
            assertArrayEquals(first.bias(), sum.bias(), shape);
            assertEquals(first.clipped(), sum.clipped(), shape);
          }
        }
      }
    }
  }

  @Test
  void gradientNormAtZeroIsSqrtOfKMinusOneOverKTimesNorm() {
    // At W = 0, softmax = 1/K and ||grad_i|| = sqrt((K-1)/K) ||x_i|| (the gradient (1/K - e_y) x^T
    // of cross-entropy at zero): with G just above
    // and just below that value, nothing or everything is clipped.
    int k = 5;
    LabelledFeatures d = new LabelledFeatures(new float[] {3, 4, 0, 0}, 2, 2, new int[] {0, 1}, k);
    double norm = Math.sqrt((k - 1.0) / k) * 5;
    try (ClippedGradientSum kernel = new ClippedGradientSum(1)) {
      float[] w = new float[k * 2];
      assertEquals(
          0, kernel.compute(d, w, null, Loss.CROSS_ENTROPY, norm * 1.0001, null).clipped());
      assertEquals(
          1, kernel.compute(d, w, null, Loss.CROSS_ENTROPY, norm * 0.9999, null).clipped());
    }
  }

  @Test
  void rejectsMismatchedWeights() {
    LabelledFeatures d = random(10, 4, 3, 1, 1);
    try (ClippedGradientSum kernel = new ClippedGradientSum(1)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> kernel.compute(d, new float[11], null, Loss.SQUARED, 1, null));
      assertTrue(e.getMessage().contains("11"), e.getMessage());
    }
  }

  /**
   * The cost rule of {@code logitsByInputPay} at 16 lanes and ten classes (kp = 10): one input at a
   * time while 9 p 16 &lt; 80 p + 80 256, that is p &lt; 320; never with more padded classes than
   * lanes.
   */
  @Test
  void logitsByInputPayWhereTheCostModelSays() {
    if (jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16) {
      assertTrue(ClippedGradientSum.logitsByInputPay(10, 128));
      assertTrue(ClippedGradientSum.logitsByInputPay(10, 319));
      assertFalse(ClippedGradientSum.logitsByInputPay(10, 320));
      assertFalse(ClippedGradientSum.logitsByInputPay(10, 768));
    }
    int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    assertFalse(ClippedGradientSum.logitsByInputPay(lanes + 5, 1));
  }
}
