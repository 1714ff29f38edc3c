package org.replearn.privacy.noisygd;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;

/**
 * Times one full-batch NoisyGD step (clipped gradient sum plus the noisy update) on random float32
 * features; used by {@code replearn privacy bench}. Timings belong in benchmarks, never in tests.
 */
public final class StepBenchmark {
  private StepBenchmark() {}

  /**
   * The measured time.
   *
   * @param n examples
   * @param p feature dimension
   * @param classes K
   * @param threads kernel threads
   * @param msPerStep median wall time of one step, milliseconds
   * @param repeats timed steps
   */
  public record Timing(int n, int p, int classes, int threads, double msPerStep, int repeats) {}

  /** Median time of {@code repeats} steps after {@code warmup} untimed ones. */
  public static Timing run(int n, int p, int classes, int threads, int warmup, int repeats) {
    InvalidInputException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
    SplittableRandom rng = new SplittableRandom(n * 31L + p);
    float[] x = new float[Math.multiplyExact(n, p)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextGaussian() / Math.sqrt(p));
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(classes);
    }
    LabelledFeatures data = new LabelledFeatures(x, n, p, y, classes);
    float[] w = new float[classes * p];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.1 * rng.nextGaussian());
    }
    double[] times = new double[repeats];
    try (ClippedGradientSum kernel = new ClippedGradientSum(threads)) {
      for (int r = -warmup; r < repeats; r++) {
        long t0 = System.nanoTime();
        ClippedGradientSum.Sum sum = kernel.compute(data, w, null, Loss.CROSS_ENTROPY, 1.0, null);
        for (int i = 0; i < w.length; i++) {
          w[i] -= (float) (1e-5 * (sum.weights()[i] + rng.nextGaussian()));
        }
        if (r >= 0) {
          times[r] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    java.util.Arrays.sort(times);
    return new Timing(n, p, classes, threads, times[repeats / 2], repeats);
  }
}
