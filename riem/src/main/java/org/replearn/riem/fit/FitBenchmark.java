package org.replearn.riem.fit;

import java.util.SplittableRandom;
import org.replearn.riem.layer.RiemKernel;
import org.replearn.riem.layer.RiemShape;

/**
 * Measures fitting speed: full Adam steps (loss, analytic gradient, update) per second on a
 * Gaussian target, after a warm-up that lets the JIT compile the kernel.
 */
public final class FitBenchmark {
  private FitBenchmark() {}

  /**
   * One measurement.
   *
   * @param rows N_r
   * @param cols N_c
   * @param stateDim d
   * @param metricDim m
   * @param threads kernel threads
   * @param steps timed steps
   * @param stepsPerSecond timed steps over their wall time
   */
  public record Result(
      int rows,
      int cols,
      int stateDim,
      int metricDim,
      int threads,
      int steps,
      double stepsPerSecond) {}

  /**
   * Times fitting steps for {@code seconds} of wall time (at least 3 steps) after {@code warmup}
   * steps.
   */
  public static Result measure(RiemShape shape, int threads, int warmup, double seconds) {
    SplittableRandom rng = new SplittableRandom(0);
    float[] w = new float[shape.rows() * shape.cols()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.05 * rng.nextGaussian());
    }
    float[] params = RiemFitter.initialParameters(shape, rng, 1);
    float[] grad = new float[params.length];
    Adam adam = new Adam(params.length);
    try (RiemKernel kernel = new RiemKernel(shape, w, threads)) {
      for (int i = 0; i < warmup; i++) {
        kernel.lossAndGradient(params, grad);
        adam.step(params, grad, 1e-3);
      }
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      int steps = 0;
      while (steps < 3 || System.nanoTime() < deadline) {
        kernel.lossAndGradient(params, grad);
        adam.step(params, grad, 1e-3);
        steps++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Result(
          shape.rows(),
          shape.cols(),
          shape.stateDim(),
          shape.metricDim(),
          threads,
          steps,
          steps / elapsed);
    }
  }
}
