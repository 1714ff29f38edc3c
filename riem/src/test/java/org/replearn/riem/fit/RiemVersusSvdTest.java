package org.replearn.riem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.baseline.Compressed;
import org.replearn.riem.baseline.TruncatedSvd;
import org.replearn.riem.layer.StorageAccounting;

/**
 * RieM's advantage over truncated SVD where the singular spectrum is flat (Pei et al. 2024 report
 * 0.101 against SVD's 0.176 on a trained ResNet-50 layer, official notebook {@code
 * RieM/ResNet50_to_RieM-8bits.ipynb}): on a 64 x 128 Gaussian matrix, RieM with d = 26, m = 7
 * (6,134 parameters) beats rank-32 SVD (6,176 parameters). SVD's error there is 0.3615 (relative
 * mean absolute error, as the notebook measures it); a float64 re-implementation of the notebook's
 * fit reached 0.2296 (8-bit) after 40k steps at lr 1e-3, and the fast schedule (lr 3e-2, cosine)
 * gets there in 12k steps.
 */
class RiemVersusSvdTest {

  static float[] gaussian(int rows, int cols, double sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (sigma * rng.nextGaussian());
    }
    return w;
  }

  @Test
  @Tag("slow")
  void riemBeatsSvdAtEqualParameterCountOnAGaussianMatrix() {
    float[] w = gaussian(64, 128, 0.05, 7);
    TruncatedSvd svd = new TruncatedSvd(w, 64, 128);
    Compressed svd8 = svd.truncate(32, MinMaxQuantizer.of(8), StorageAccounting.HONEST);
    double svdError = svd8.relativeError(w);
    assertEquals(6_176, svd8.parameters());
    // Marchenko-Pastur: half the rank of a square-ish Gaussian matrix leaves a large error
    assertTrue(svdError > 0.33 && svdError < 0.39, "SVD error " + svdError);

    FitConfig config =
        FitConfig.fast(26, 7).withSearch(1, 0).withMainSteps(12_000).withLearningRate(3e-2);
    FitResult fit =
        new RiemFitter(config, MinMaxQuantizer.Step.LEVELS).fit(w, 64, 128, new Seeds(0));
    assertEquals(6_134, fit.shape().parameterCount());
    assertTrue(
        fit.selectionError() < svdError - 0.1,
        "RieM 8-bit error " + fit.selectionError() + " vs SVD " + svdError);
    // 8-bit quantisation of P and Q costs little next to the gap to SVD. The spec measured
    // 0.001-0.004 at a float error of 0.23; this fitter (standardised target) reaches about 0.11,
    // where the same rounding costs about 0.02 (0.019 with the fast init gain 6, 0.021 with gain 1)
    assertTrue(
        Math.abs(fit.selectionError() - fit.relativeError()) < 0.03,
        "8-bit " + fit.selectionError() + " vs float " + fit.relativeError());
  }
}
