package org.replearn.privacy.noisygd;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;

/**
 * Times one full-batch NoisyGD step (clipped gradient sum plus the noisy update) on random float32
 * features; used by {@code replearn privacy bench}. Timings belong in benchmarks, never in tests.
 *
 * <p>Like a JMH warm-up, untimed steps run for a fixed wall time before timing starts: the kernel's
 * vector loops run in slow profiled code (vectors boxed) until C2 has compiled them, which takes
 * about two seconds of steps; a fixed handful of warm-up steps left some of those slow steps in the
 * timed window, which made the median swing between 18 and 39 ms from one run to the next.
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

  /**
   * Median time of {@code repeats} steps after untimed steps that run for at least {@code
   * warmupSeconds} (and at least one step).
   */
  public static Timing run(
      int n, int p, int classes, int threads, double warmupSeconds, int repeats) {
    InvalidInputException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
    InvalidInputException.require(
        warmupSeconds >= 0, "warm-up seconds", "must be >= 0", warmupSeconds);
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
      long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
      do {
        step(kernel, data, w, rng);
      } while (System.nanoTime() < warmupEnd);
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        step(kernel, data, w, rng);
        times[r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    java.util.Arrays.sort(times);
    return new Timing(n, p, classes, threads, times[repeats / 2], repeats);
  }

  /** One NoisyGD step: clipped gradient sum, then W -= lr (sum + noise). */
  private static void step(
      ClippedGradientSum kernel, LabelledFeatures data, float[] w, SplittableRandom rng) {
    ClippedGradientSum.Sum sum = kernel.compute(data, w, null, Loss.CROSS_ENTROPY, 1.0, null);
    for (int i = 0; i < w.length; i++) {
      w[i] -= (float) (1e-5 * (sum.weights()[i] + rng.nextGaussian()));
    }
  }
}
