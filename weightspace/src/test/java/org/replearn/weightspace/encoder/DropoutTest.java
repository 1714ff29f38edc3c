package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dropout masks drawn in plain Java: the vectorised fill equals the scalar definition entry by
 * entry; the keep rate and the independence of neighbouring entries and of two keys are those of
 * independent Bernoulli(1 - rate) draws (5-sigma bounds); and through DJL the gradient is the mask
 * times the upstream gradient, finite, even when the garbage collector runs between the forward and
 * the backward pass.
 */
@Tag("engine")
class DropoutTest {
  private static final float RATE = 0.1f;

  @Test
  void vectorisedFillEqualsTheScalarDefinition() {
    int n = 1_000_003; // not a multiple of any vector width: the scalar tail runs too
    long key = 0x1234_5678_9abc_def0L;
    float scale = 1 / (1 - RATE);
    for (ByteBuffer out :
        new ByteBuffer[] {ByteBuffer.allocate(4 * n), ByteBuffer.allocateDirect(4 * n)}) {
      out.order(ByteOrder.nativeOrder());
      Dropout.fill(out, n, RATE, key);
      for (int i = 0; i < n; i++) {
        float expected = Dropout.keeps(i, RATE, key) ? scale : 0f;
        assertEquals(expected, out.getFloat(4 * i), "entry " + i);
      }
    }
  }

  @Test
  void keepRateAndIndependenceAreThoseOfBernoulliDraws() {
    int n = 2_000_000;
    long a = 42;
    long b = 43;
    long kept = 0;
    long pairs = 0;
    long agree = 0;
    for (int i = 0; i < n; i++) {
      boolean keep = Dropout.keeps(i, RATE, a);
      kept += keep ? 1 : 0;
      if (i + 1 < n && keep && Dropout.keeps(i + 1, RATE, a)) {
        pairs++;
      }
      agree += keep == Dropout.keeps(i, RATE, b) ? 1 : 0;
    }
    double p = 1 - RATE;
    assertWithin(kept, n * p, Math.sqrt(n * p * (1 - p)), "kept entries");
    double both = p * p;
    assertWithin(pairs, (n - 1) * both, Math.sqrt(n * both * (1 - both)), "kept neighbours");
    double same = p * p + (1 - p) * (1 - p);
    assertWithin(agree, n * same, Math.sqrt(n * same * (1 - same)), "agreement of two keys");
  }

  @Test
  void gradientIsTheMaskTimesTheUpstreamGradientAndStaysFinite() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      for (int repeat = 0; repeat < 5; repeat++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray x = scope.randomNormal(new Shape(64, 33, 17));
          x.setRequiresGradient(true);
          NDArray upstream = scope.randomNormal(new Shape(64, 33, 17));
          NDArray y;
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            try (NDManager inner = scope.newSubManager()) {
              // the layer's own scope closes before backward, as in TransformerLayer
              inner.tempAttachAll(x);
              y = inner.ret(Dropout.apply(x, RATE));
            }
            System.gc();
            collector.backward(y.mul(upstream).sum());
          }
          float[] values = y.toFloatArray();
          float[] input = x.toFloatArray();
          float[] up = upstream.toFloatArray();
          float[] gradient = x.getGradient().toFloatArray();
          float scale = 1 / (1 - RATE);
          float[] expected = new float[values.length];
          int dropped = 0;
          for (int i = 0; i < values.length; i++) {
            boolean kept = values[i] != 0;
            dropped += kept ? 0 : 1;
            assertEquals(kept ? input[i] * scale : 0f, values[i], 1e-6f * Math.abs(input[i]));
            expected[i] = kept ? up[i] * scale : 0f;
          }
          assertArrayEquals(expected, gradient, 1e-6f, "gradient");
          double rate = dropped / (double) values.length;
          assertTrue(Math.abs(rate - RATE) < 0.01, "dropped fraction " + rate);
        }
      }
    }
  }

  @Test
  void aSeededGeneratorGivesTheSameMaskAndFloat64IsSupported() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray ones = manager.ones(new Shape(1000), DataType.FLOAT64);
      Engine.getInstance().setRandomSeed(9);
      double[] first = Dropout.apply(ones, RATE).toDoubleArray();
      double[] second = Dropout.apply(ones, RATE).toDoubleArray();
      Engine.getInstance().setRandomSeed(9);
      double[] again = Dropout.apply(ones, RATE).toDoubleArray();
      assertArrayEquals(first, again, 0.0);
      boolean differs = false;
      for (int i = 0; i < first.length; i++) {
        differs |= first[i] != second[i];
        assertTrue(first[i] == 0 || Math.abs(first[i] - 1 / (1 - RATE)) < 1e-6, "value");
      }
      assertTrue(differs, "two draws gave the same mask");
    }
  }

  @Test
  void seededKeysGiveTheSameMasksWhateverOtherThreadsDoWithPyTorchsGenerator() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray ones = manager.ones(new Shape(1000));
      float[] alone;
      try (DropoutKeys keys = DropoutKeys.seeded(11)) {
        alone = Dropout.apply(ones, RATE).toFloatArray();
      }
      Thread other =
          new Thread(
              () -> {
                try (NDManager m = NDManager.newBaseManager()) {
                  for (int i = 0; i < 200; i++) {
                    Engine.getInstance().setRandomSeed(i);
                    m.randomInteger(0, 10, new Shape(1), DataType.INT64).close();
                  }
                }
              });
      other.start();
      float[] beside;
      try (DropoutKeys keys = DropoutKeys.seeded(11)) {
        Engine.getInstance().setRandomSeed(12345);
        beside = Dropout.apply(ones, RATE).toFloatArray();
      }
      other.join();
      assertArrayEquals(alone, beside, 0f);
      try (DropoutKeys keys = DropoutKeys.seeded(12)) {
        assertTrue(
            !java.util.Arrays.equals(alone, Dropout.apply(ones, RATE).toFloatArray()),
            "another seed gave the same mask");
      }
    }
  }

  private static void assertWithin(double actual, double mean, double sigma, String what) {
    assertTrue(
        Math.abs(actual - mean) <= 5 * sigma,
        what + ": " + actual + ", expected " + mean + " +- 5 x " + sigma);
  }
}
