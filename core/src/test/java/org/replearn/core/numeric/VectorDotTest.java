package org.replearn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorDotTest {

  @Test
  void equalsTheSumOfProductsForEveryLengthAndOffset() {
    SplittableRandom rng = new SplittableRandom(1);
    float[] a = new float[80];
    float[] b = new float[80];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextGaussian();
      b[i] = (float) rng.nextGaussian();
    }
    for (int len = 0; len <= 40; len++) {
      for (int ao : new int[] {0, 3, 17}) {
        double expected = 0;
        double magnitude = 0;
        for (int j = 0; j < len; j++) {
          expected += (double) a[ao + j] * b[5 + j];
          magnitude += Math.abs((double) a[ao + j] * b[5 + j]);
        }
        // float accumulation: error below len * 2^-24 of the sum of magnitudes
        assertEquals(
            expected,
            VectorDot.dot(a, ao, b, 5, len),
            (len + 1) * 6e-8 * magnitude,
            "len " + len + ", offset " + ao);
      }
    }
  }

  @Test
  void smallIntegersAreExact() {
    float[] x = new float[37];
    float[] y = new float[37];
    long expected = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = i - 18;
      y[i] = 2 * i + 1;
      expected += (long) (i - 18) * (2 * i + 1);
    }
    assertEquals((float) expected, VectorDot.dot(x, y));
  }
}
