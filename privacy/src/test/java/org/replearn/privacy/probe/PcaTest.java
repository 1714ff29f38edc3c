package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.collapse.EtfFeatures;
import org.replearn.privacy.noisygd.LabelledFeatures;

class PcaTest {

  /** Anisotropic Gaussian data with well-separated variances 10, 9, ..., then 0.1. */
  static LabelledFeatures anisotropic(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n * p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        double scale = j < 5 ? Math.sqrt(10 - j) : Math.sqrt(0.1);
        x[i * p + j] = (float) (scale * rng.nextGaussian() + (j == 2 ? 4 : 0));
      }
    }
    return new LabelledFeatures(x, n, p, new int[n], 2);
  }

  @Test
  void matchesExactEigendecomposition() {
    int p = 12;
    LabelledFeatures d = anisotropic(2000, p, 1);
    Pca pca = Pca.fit(d, 4, new Seeds(2));
    double[][] cov = new double[p][p];
    for (int i = 0; i < d.n(); i++) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          cov[a][b] += (d.get(i, a) - pca.mean()[a]) * (d.get(i, b) - pca.mean()[b]) / d.n();
        }
      }
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov));
    double[] values = eig.getRealEigenvalues().clone();
    java.util.Arrays.sort(values);
    for (int c = 0; c < 4; c++) {
      double expected = values[p - 1 - c];
      assertEquals(expected, pca.variances()[c], expected * 1e-9);
      // the component is an eigenvector: C u = lambda u
      double[] u = pca.components()[c];
      for (int a = 0; a < p; a++) {
        double cu = 0;
        for (int b = 0; b < p; b++) {
          cu += cov[a][b] * u[b];
        }
        assertEquals(expected * u[a], cu, 1e-7);
      }
    }
  }

  @Test
  void keepsTheEtfSpanAndRemovesIsotropicNoise() {
    EtfFeatures etf = EtfFeatures.create(10, 1024, 0, new Seeds(3));
    // beta = 0.01: the spiked-covariance angle error (p/n = 3.4) keeps cos^2 above 0.99
    LabelledFeatures pub = etf.sample(EtfFeatures.balanced(10, 30), 0.01, new Seeds(4));
    Pca pca = Pca.fit(pub, 9, new Seeds(5));
    LabelledFeatures projected =
        pca.transform(etf.sample(EtfFeatures.balanced(10, 1), 0, new Seeds(6)));
    assertEquals(9, projected.p());
    for (int i = 0; i < 10; i++) {
      double sq = 0;
      for (int j = 0; j < 9; j++) {
        sq += projected.get(i, j) * projected.get(i, j);
      }
      // ||M_k|| = 1 and the class means have mean zero, so the projection keeps almost all of it
      assertTrue(sq > 0.98 && sq < 1.02, "norm^2 " + sq);
    }
  }

  @Test
  void normalisationGivesUnitNorms() {
    LabelledFeatures d = Normalization.perExample(anisotropic(10, 7, 9));
    for (int i = 0; i < 10; i++) {
      double sq = 0;
      for (int j = 0; j < 7; j++) {
        sq += d.get(i, j) * d.get(i, j);
      }
      assertEquals(1, sq, 1e-6);
    }
  }

  @Test
  void rejectsBadDimensions() {
    LabelledFeatures d = anisotropic(10, 7, 9);
    assertThrows(InvalidInputException.class, () -> Pca.fit(d, 8, new Seeds(1)));
    Pca pca = Pca.fit(d, 2, new Seeds(1));
    assertThrows(InvalidInputException.class, () -> pca.transform(anisotropic(3, 6, 1)));
  }
}
