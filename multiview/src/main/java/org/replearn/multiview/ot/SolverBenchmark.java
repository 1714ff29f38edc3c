package org.replearn.multiview.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times multi-marginal Sinkhorn sweeps on random unit-norm embeddings (d = 64, circular-variance
 * cost, epsilon = 0.05), as the spec's ott-jax figures were measured: milliseconds per sweep with
 * one error check every 10 sweeps included, the tensor build excluded.
 */
public final class SolverBenchmark {
  /** The (n, k) grid of the issue. */
  public static final int[][] DEFAULT_GRID = {
    {64, 3}, {128, 3}, {32, 4}, {64, 4}, {16, 5}, {32, 5}, {16, 6}
  };

  /**
   * One measurement.
   *
   * @param n points per view
   * @param k views
   * @param dtype float32 or float64
   * @param msPerSweep median over repeats of (sweep time / sweeps)
   * @param threads threads used
   */
  public record Result(int n, int k, String dtype, double msPerSweep, int threads) {}

  private SolverBenchmark() {}

  /**
   * Measures one configuration: one warm-up solve, then {@code repeats} timed solves of {@code
   * sweeps} sweeps each (fixed count, errors every 10 sweeps).
   */
  public static Result measure(
      int n, int k, Precision precision, int sweeps, int repeats, int threads, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][][] views = new double[k][n][64];
    for (double[][] view : views) {
      for (double[] row : view) {
        double s = 0;
        for (int j = 0; j < row.length; j++) {
          row[j] = rng.nextDouble(-1, 1);
          s += row[j] * row[j];
        }
        for (int j = 0; j < row.length; j++) {
          row[j] /= Math.sqrt(s);
        }
      }
    }
    MultiMarginalProblem problem =
        MultiMarginalProblem.ofPoints(views, PairwiseCost.circularVariance(k));
    MultiMarginalSinkhorn solver =
        new MultiMarginalSinkhorn(
            MultiMarginalSinkhorn.Config.defaults()
                .withPrecision(precision)
                .withThreads(threads)
                .withInnerIterations(10)
                .withIterations(sweeps, sweeps));
    solver.solve(problem, 0.05);
    List<Double> times = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      MultiMarginalOutput out = solver.solve(problem, 0.05);
      times.add(out.sweepSeconds() * 1000 / out.iterations());
    }
    times.sort(Double::compare);
    return new Result(n, k, precision.toString(), times.get(times.size() / 2), threads);
  }
}
