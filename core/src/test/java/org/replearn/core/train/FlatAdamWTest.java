package org.replearn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The flat float AdamW against the closed form of the update and against {@link AdamW}. */
class FlatAdamWTest {
  private static final AdamW.Config CONFIG = new AdamW.Config(0.9, 0.999, 1e-8, 0.1);

  private static float[] gaussian(SplittableRandom rng, int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (scale * rng.nextGaussian());
    }
    return x;
  }

  /**
   * First step from zero moments: m_hat = g and v_hat = g^2, so the update of Loshchilov and
   * Hutter's Algorithm 2 (with torch's eps outside the square root) is theta (1 - lr lambda) - lr g
   * / (|g| + eps).
   */
  @ParameterizedTest
  @EnumSource(FlatAdamW.Rounding.class)
  void firstStepIsTheClosedForm(FlatAdamW.Rounding rounding) {
    int p = 37; // a vector tail: not a multiple of the lane count
    SplittableRandom rng = new SplittableRandom(1);
    float[] theta = gaussian(rng, p, 1);
    float[] g = gaussian(rng, p, 1);
    float[] before = theta.clone();
    double lr = 0.01;
    double lambda = 0.1;
    new FlatAdamW(CONFIG, rounding).step(theta, g, new float[p], new float[p], 1, lr, lambda);
    for (int i = 0; i < p; i++) {
      double expected = before[i] * (1 - lr * lambda) - lr * g[i] / (Math.abs(g[i]) + 1e-8);
      assertEquals(expected, theta[i], 1e-6, "entry " + i);
    }
  }

  /** Twenty steps against the formula evaluated in double, moments carried along. */
  @ParameterizedTest
  @EnumSource(FlatAdamW.Rounding.class)
  void stepsFollowTheFormulaInDouble(FlatAdamW.Rounding rounding) {
    int p = 21;
    SplittableRandom rng = new SplittableRandom(2);
    float[] theta = gaussian(rng, p, 1);
    double[] theta64 = new double[p];
    for (int i = 0; i < p; i++) {
      theta64[i] = theta[i];
    }
    float[] m = new float[p];
    float[] v = new float[p];
    double[] m64 = new double[p];
    double[] v64 = new double[p];
    FlatAdamW adam = new FlatAdamW(CONFIG, rounding);
    for (int t = 1; t <= 20; t++) {
      float[] g = gaussian(rng, p, 0.5);
      double lr = 0.01 / t;
      double lambda = 0.05;
      adam.step(theta, g, m, v, t, lr, lambda);
      for (int i = 0; i < p; i++) {
        m64[i] = 0.9 * m64[i] + 0.1 * g[i];
        v64[i] = 0.999 * v64[i] + 0.001 * g[i] * g[i];
        double mHat = m64[i] / (1 - Math.pow(0.9, t));
        double vHat = v64[i] / (1 - Math.pow(0.999, t));
        theta64[i] = theta64[i] * (1 - lr * lambda) - lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    for (int i = 0; i < p; i++) {
      assertEquals(theta64[i], theta[i], 1e-5, "entry " + i);
    }
  }

  /** SIMD lanes and the scalar tail round alike: a long vector equals its entries updated alone. */
  @ParameterizedTest
  @EnumSource(FlatAdamW.Rounding.class)
  void lanesAndTailGiveTheSameBits(FlatAdamW.Rounding rounding) {
    int p = 67;
    SplittableRandom rng = new SplittableRandom(3);
    float[] theta = gaussian(rng, p, 1);
    float[] m = gaussian(rng, p, 0.1);
    float[] v = gaussian(rng, p, 0.1);
    for (int i = 0; i < p; i++) {
      v[i] = v[i] * v[i];
    }
    float[] g = gaussian(rng, p, 1);
    float[] alone = theta.clone();
    float[] mAlone = m.clone();
    float[] vAlone = v.clone();
    FlatAdamW adam = new FlatAdamW(CONFIG, rounding);
    adam.step(theta, g, m, v, 7, 3e-3, 0.01);
    for (int i = 0; i < p; i++) {
      float[] one = {alone[i]};
      float[] mOne = {mAlone[i]};
      float[] vOne = {vAlone[i]};
      adam.step(one, new float[] {g[i]}, mOne, vOne, 7, 3e-3, 0.01);
      alone[i] = one[0];
      mAlone[i] = mOne[0];
      vAlone[i] = vOne[0];
    }
    assertArrayEquals(alone, theta);
    assertArrayEquals(mAlone, m);
    assertArrayEquals(vAlone, v);
  }

  /** Against core's NDArray AdamW, which follows torch.optim.AdamW. */
  @Test
  @Tag("engine")
  void agreesWithNdArrayAdamW() {
    int p = 37;
    double lambda = 0.1;
    SplittableRandom rng = new SplittableRandom(3);
    float[] theta = gaussian(rng, p, 1);
    float[] m = new float[p];
    float[] v = new float[p];
    FlatAdamW flat = new FlatAdamW(CONFIG, FlatAdamW.Rounding.SQUARE_FIRST);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray reference = manager.create(theta.clone());
      try (AdamW adam = new AdamW(CONFIG, List.of(reference))) {
        for (int t = 1; t <= 20; t++) {
          float[] g = new float[p];
          for (int i = 0; i < p; i++) {
            g[i] = (float) rng.nextGaussian() * (i % 3 == 0 ? 1e-3f : 1f);
          }
          double lr = 0.01 / t;
          flat.step(theta, g, m, v, t, lr, lambda);
          adam.step(List.of(manager.create(g)), lr);
        }
      }
      float[] expected = reference.toFloatArray();
      for (int i = 0; i < p; i++) {
        assertEquals(
            expected[i], theta[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "entry " + i);
      }
    }
  }
}
