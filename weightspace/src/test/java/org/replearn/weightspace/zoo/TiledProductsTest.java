package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TiledProducts} against the textbook triple loop in double precision, on shapes that take
 * every path: the wide tiles (AVX-512's: 6 and 4 rows by 4 vectors, 8 rows by 2 vectors, 4 rows by
 * 1) and the narrow ones (AVX2's: 4 rows by 2 vectors), each on any CPU as well as this CPU's
 * choice; leftover rows, a single leftover vector of columns, and offsets into larger arrays.
 * Column counts are given in vectors (the products need whole vectors), so the same cases run with
 * 8 and with 16 lanes.
 */
class TiledProductsTest {
  private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

  /** This CPU's tiles, then the wide and the narrow tiles on any CPU. */
  private static final String[] PATHS = {"this CPU's tiles", "wide tiles", "narrow tiles"};

  private static TiledProducts products(int path) {
    return switch (path) {
      case 0 -> new TiledProducts();
      case 1 -> new TiledProducts(true);
      default -> new TiledProducts(false);
    };
  }

  @ParameterizedTest(name = "m={0} k={1} vectors={2}")
  @CsvSource({
    "32, 32, 8",
    "6, 41, 1",
    "7, 5, 3",
    "1, 3, 2",
    "4, 1, 1",
    "5, 7, 5",
    "9, 4, 7",
    "16, 9, 2",
    "20, 3, 6"
  })
  void multiplyMatchesTripleLoop(int m, int k, int vectors) {
    int n = vectors * LANES;
    for (int path = 0; path < 3; path++) {
      SplittableRandom rng = new SplittableRandom(m * 31 + k);
      int aStart = 3;
      int bStart = 5;
      int cStart = 2;
      float[] a = random(rng, aStart + m * k);
      float[] b = random(rng, bStart + k * n);
      float[] c = random(rng, cStart + m * n);
      double[] expected = tripleLoop(a, aStart, k, 1, b, bStart, c, cStart, m, k, n);
      products(path).multiply(a, aStart, b, bStart, c, cStart, m, k, n);
      assertClose(expected, c, cStart, 1e-5, PATHS[path]);
    }
  }

  @ParameterizedTest(name = "m={0} k={1} vectors={2}")
  @CsvSource({
    "32, 1312, 8",
    "6, 41, 8",
    "7, 9, 3",
    "8, 5, 1",
    "3, 4, 2",
    "5, 6, 7",
    "16, 7, 2",
    "20, 11, 6"
  })
  void multiplyTransposedAMatchesTripleLoop(int m, int k, int vectors) {
    int n = vectors * LANES;
    for (int path = 0; path < 3; path++) {
      SplittableRandom rng = new SplittableRandom(m * 17 + k);
      int aStart = 1;
      int bStart = 4;
      float[] a = random(rng, aStart + k * m);
      float[] b = random(rng, bStart + k * n);
      float[] c = random(rng, m * n);
      double[] expected = tripleLoop(a, aStart, 1, m, b, bStart, c, 0, m, k, n);
      products(path).multiplyTransposedA(a, aStart, m, b, bStart, n, c, k);
      assertClose(expected, c, 0, 1e-5 * Math.sqrt(k), PATHS[path]);
    }
  }

  @ParameterizedTest(name = "m={0}: {1} tiles of six rows")
  @CsvSource({"32, 4", "6, 1", "12, 2", "8, 0", "20, 2", "9, 1", "5, 0", "64, 10"})
  void sixRowTilesLeaveAMultipleOfFourWherePossible(int m, int tiles) {
    // 32 = 4 x 6 + 2 x 4; 20 = 2 x 6 + 2 x 4; 9 and 5 cannot leave a multiple of four: m / 6
    assertEquals(tiles, TiledProducts.sixRowTiles(m));
  }

  /**
   * C + A B in double precision for C {@code [m, n]} row-major from {@code cStart}, B {@code [k,
   * n]} row-major from {@code bStart} and A {@code [m, k]} with A[i][p] at {@code a[aStart + i *
   * aRowStride + p * aColStride]}.
   */
  private static double[] tripleLoop(
      float[] a,
      int aStart,
      int aRowStride,
      int aColStride,
      float[] b,
      int bStart,
      float[] c,
      int cStart,
      int m,
      int k,
      int n) {
    double[] expected = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = c[cStart + i * n + j];
        for (int p = 0; p < k; p++) {
          sum += (double) a[aStart + i * aRowStride + p * aColStride] * b[bStart + p * n + j];
        }
        expected[i * n + j] = sum;
      }
    }
    return expected;
  }

  /**
   * C[i] (from {@code cStart}) equals {@code expected[i]} within {@code scale (1 + |expected|)}.
   */
  private static void assertClose(
      double[] expected, float[] c, int cStart, double scale, String path) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i], c[cStart + i], scale * (1 + Math.abs(expected[i])), path + ": C[" + i + "]");
    }
  }

  private static float[] random(SplittableRandom rng, int size) {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return out;
  }
}
