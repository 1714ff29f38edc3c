package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dropout masks: Bernoulli(1 - p) rates, independence at the lags attention rows have, gradient.
 */
class HashDropoutTest {
  private static final int N = 2_000_003;

  @Test
  void keptFractionAndPairwiseRatesMatchIndependentBernoulliDraws() {
    float rate = 0.1f;
    float[] mask = mask(N, rate, 12345L);
    float kept = 1 / (1 - rate);
    long keptCount = 0;
    for (int i = 0; i < N; i++) {
      assertTrue(mask[i] == 0f || mask[i] == kept, "entry " + i + " is " + mask[i]);
      keptCount += mask[i] == 0 ? 0 : 1;
    }
    // 5 standard deviations of a binomial proportion
    assertEquals(0.9, keptCount / (double) N, 5 * Math.sqrt(0.09 / N));
    for (int lag : new int[] {1, 16, 519, 2 * 519 * 519}) {
      long both = 0;
      for (int i = 0; i + lag < N; i++) {
        both += mask[i] != 0 && mask[i + lag] != 0 ? 1 : 0;
      }
      int pairs = N - lag;
      assertEquals(0.81, both / (double) pairs, 5 * Math.sqrt(0.81 * 0.19 / pairs), "lag " + lag);
    }
  }

  @Test
  void masksDependOnlyOnTheSeed() {
    assertArrayEquals(mask(1000, 0.5f, 7), mask(1000, 0.5f, 7));
    assertFalse(Arrays.equals(mask(1000, 0.5f, 7), mask(1000, 0.5f, 8)));
    float[] none = mask(1000, 0f, 7);
    for (int i = 0; i < 1000; i++) {
      assertEquals(1f, none[i]);
    }
  }

  @Test
  @Tag("engine")
  void gradientIsTheScaledMaskAndSeedsFollowTheEngine() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(41, 50)); // not a multiple of the vector length
      x.setRequiresGradient(true);
      float[] first;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        Engine.getInstance().setRandomSeed(3);
        NDArray y = new HashDropout(0.25f).apply(x);
        collector.backward(y.sum());
        first = y.toFloatArray();
      }
      assertArrayEquals(first, x.getGradient().toFloatArray());
      Engine.getInstance().setRandomSeed(3);
      assertArrayEquals(first, new HashDropout(0.25f).apply(x).toFloatArray());
    }
  }

  private static float[] mask(int n, float rate, long seed) {
    float[] mask = new float[n];
    HashDropout.fill(mask, rate, seed);
    return mask;
  }
}
