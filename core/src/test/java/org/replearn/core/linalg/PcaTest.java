package org.replearn.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

/**
 * Both PCA fits against the singular value decomposition of the centred sample X_c = U S V^T: the
 * principal directions are the right singular vectors V (up to sign) and the variances S^2 / n.
 */
class PcaTest {
  private static final int N = 400;
  private static final int P = 12;

  /** Gaussian rows with variances 10, 9, ..., 6 on the first five axes, 0.1 on the others. */
  private static float[][] anisotropic(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] x = new float[N][P];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < P; j++) {
        double scale = j < 5 ? Math.sqrt(10 - j) : Math.sqrt(0.1);
        x[i][j] = (float) (scale * rng.nextGaussian() + (j == 2 ? 4 : 0));
      }
    }
    return x;
  }

  private static float[] flat(float[][] x) {
    float[] out = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, out, i * x[0].length, x[0].length);
    }
    return out;
  }

  private static SingularValueDecomposition centredSvd(float[][] x) {
    double[] mean = new double[P];
    for (float[] row : x) {
      for (int j = 0; j < P; j++) {
        mean[j] += row[j] / (double) N;
      }
    }
    double[][] c = new double[N][P];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < P; j++) {
        c[i][j] = x[i][j] - mean[j];
      }
    }
    return new SingularValueDecomposition(new Array2DRowRealMatrix(c, false));
  }

  private static void assertMatchesSvd(Pca pca, SingularValueDecomposition svd, double tolerance) {
    double[] s = svd.getSingularValues(); // decreasing
    for (int c = 0; c < pca.dimension(); c++) {
      double variance = s[c] * s[c] / N;
      assertEquals(variance, pca.variances()[c], variance * tolerance, "variance " + c);
      double[] v = svd.getV().getColumn(c);
      double[] u = pca.components()[c];
      double sign = Math.signum(dot(u, v));
      for (int j = 0; j < P; j++) {
        assertEquals(v[j], sign * u[j], tolerance, "component " + c + ", entry " + j);
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  @Test
  void exactFitIsTheSvdOfTheCentredSample() {
    float[][] x = anisotropic(1);
    assertMatchesSvd(Pca.exact(x, 5), centredSvd(x), 1e-9);
  }

  @Test
  void randomizedFitConvergesToTheSvd() {
    float[][] x = anisotropic(2);
    Pca pca = Pca.randomized(flat(x), N, P, 4, new SplittableRandom(3));
    assertMatchesSvd(pca, centredSvd(x), 1e-7);
  }

  @Test
  void projectionIsTheCentredDotProductWithEachComponent() {
    float[][] x = anisotropic(4);
    Pca pca = Pca.exact(x, 3);
    float[] all = pca.transform(flat(x), N, P);
    for (int i = 0; i < N; i += 37) {
      double[] one = pca.project(x[i]);
      for (int c = 0; c < 3; c++) {
        double expected = 0;
        for (int j = 0; j < P; j++) {
          expected += (x[i][j] - pca.mean()[j]) * pca.components()[c][j];
        }
        assertEquals(expected, one[c], 1e-12);
        assertEquals((float) one[c], all[i * 3 + c]);
      }
    }
    // projected coordinates are uncorrelated with the component variances
    double[] second = new double[3];
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < 3; c++) {
        second[c] += all[i * 3 + c] * (double) all[i * 3 + c] / N;
      }
    }
    assertArrayEquals(pca.variances(), second, 1e-4 * pca.variances()[0]);
  }

  @Test
  void rejectsBadDimensions() {
    float[][] x = anisotropic(5);
    assertThrows(InvalidInputException.class, () -> Pca.exact(x, P + 1));
    assertThrows(
        InvalidInputException.class,
        () -> Pca.randomized(flat(x), N, P, 0, new SplittableRandom(1)));
    Pca pca = Pca.exact(x, 2);
    assertThrows(InvalidInputException.class, () -> pca.project(new float[P - 1]));
    assertThrows(InvalidInputException.class, () -> pca.transform(new float[3 * P], 3, P - 1));
  }
}
