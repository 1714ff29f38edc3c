package org.replearn.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Random tensors drawn in Java from an explicit generator, so they do not depend on PyTorch's
 * global generator, the device or thread timing: the same {@link Seeds} always gives the same
 * tensor.
 */
public final class RandomArrays {
  private RandomArrays() {}

  /** Uniform floats in [low, high), shape {@code shape}. */
  public static NDArray uniform(
      NDManager manager, RandomGenerator rng, Shape shape, float low, float high) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * rng.nextFloat();
    }
    return manager.create(values, shape);
  }

  /** Normal floats with the given mean and standard deviation, shape {@code shape}. */
  public static NDArray normal(
      NDManager manager, RandomGenerator rng, Shape shape, float mean, float std) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (mean + std * rng.nextGaussian());
    }
    return manager.create(values, shape);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  public static int[] permutation(RandomGenerator rng, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
