package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.linalg.Pca;
import org.replearn.privacy.collapse.EtfFeatures;
import org.replearn.privacy.noisygd.LabelledFeatures;

/** PCA of the public split (core's {@link Pca#randomized}) on the privacy module's features. */
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

  /** The randomized PCA of core, fitted on the public split as {@link PrivateProbe} does. */
  static Pca fit(LabelledFeatures pub, int d, Seeds seeds) {
    return Pca.randomized(pub.x(), pub.n(), pub.p(), d, seeds.random());
  }

  @Test
  void keepsTheEtfSpanAndRemovesIsotropicNoise() {
    EtfFeatures etf = EtfFeatures.create(10, 1024, 0, new Seeds(3));
    // beta = 0.01: the spiked-covariance angle error (p/n = 3.4) keeps cos^2 above 0.99
    LabelledFeatures pub = etf.sample(EtfFeatures.balanced(10, 30), 0.01, new Seeds(4));
    Pca pca = fit(pub, 9, new Seeds(5));
    LabelledFeatures projected =
        etf.sample(EtfFeatures.balanced(10, 1), 0, new Seeds(6)).projectedOn(pca);
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
    assertThrows(InvalidInputException.class, () -> fit(d, 8, new Seeds(1)));
    Pca pca = fit(d, 2, new Seeds(1));
    assertThrows(InvalidInputException.class, () -> anisotropic(3, 6, 1).projectedOn(pca));
  }
}
