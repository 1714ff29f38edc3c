package org.replearn.multiview.ot;

import java.util.SplittableRandom;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.Spread;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;

/**
 * Times multi-marginal Sinkhorn sweeps on random unit-norm embeddings (d = 64, circular-variance
 * cost, epsilon = 0.05), as ott-jax's figures are measured: milliseconds per sweep with one error
 * check every 10 sweeps included, the tensor build excluded. Solves are warmed up by time until
 * their rate is stable ({@link WarmUp}), then {@code repeats} solves are timed (min / median / max
 * of their ms per sweep).
 */
public final class SolverBenchmark {
  /** The (n, k) sizes (n points per view, k views) at which ott-jax's mmsinkhorn was timed. */
  public static final int[][] DEFAULT_GRID = {
    {64, 3}, {128, 3}, {32, 4}, {64, 4}, {16, 5}, {32, 5}, {16, 6}
  };

  /** Sweeps between error checks in every benchmark solve. */
  static final int INNER_ITERATIONS = 10;

  /**
   * One untimed solve: the report's timing table is a quick look at each size, not a benchmark (the
   * bench command warms up by time).
   */
  private static final WarmUp ONE_SOLVE = new WarmUp(0, 0, 0.01, WarmUp.DEFAULT_TOLERANCE, 1);

  /**
   * One measurement.
   *
   * @param n points per view
   * @param k views
   * @param dtype float32 or float64
   * @param msPerSweep median over repeats of (sweep time / sweeps)
   * @param threads threads used
   * @param msMin fastest repeat's ms per sweep
   * @param msMax slowest repeat's ms per sweep
   * @param repeats timed solves
   * @param warmupSolves untimed solves of the warm-up
   * @param warmupSeconds their duration (tensor builds included)
   * @param warmupStable whether the warm-up ended on a stable rate (not its time limit)
   * @param work one sweep's work ({@link #work}, error checks amortised)
   * @param roofline the median sweep against the machine figures, or null without them
   */
  public record Result(
      int n,
      int k,
      String dtype,
      double msPerSweep,
      int threads,
      double msMin,
      double msMax,
      int repeats,
      long warmupSolves,
      double warmupSeconds,
      boolean warmupStable,
      Work work,
      Roofline roofline) {}

  private SolverBenchmark() {}

  /**
   * The work of one sweep over the n^k tensor, counted from {@link MultiMarginalSinkhorn} and
   * {@link FloatLogTensor}: each of the k potential updates makes one pass over the tensor (add the
   * pending change, running max, shift, scale by 1/epsilon, exponential, sum: 5 flops and 1 exp per
   * entry), and the error check every {@code innerIterations} sweeps one more pass for the
   * marginals, so with N = n^k and passes = k + 1 / innerIterations:
   *
   * <pre>
   *   flops = 5 N passes;  exps = N passes;  bytesRead = entryBytes N passes (4 or 8)
   * </pre>
   */
  public static Work work(int n, int k, Precision precision, int innerIterations) {
    double entries = Math.pow(n, k);
    double passes = k + 1.0 / innerIterations;
    int entryBytes = precision == Precision.FLOAT32 ? 4 : 8;
    return new Work(5 * entries * passes, entryBytes * entries * passes, entries * passes);
  }

  /**
   * Measures one configuration: one warm-up solve, then {@code repeats} timed solves of {@code
   * sweeps} sweeps each (fixed count, errors every 10 sweeps).
   */
  public static Result measure(
      int n, int k, Precision precision, int sweeps, int repeats, int threads, long seed) {
    return measure(n, k, precision, sweeps, repeats, threads, seed, ONE_SOLVE, null);
  }

  /**
   * Measures one configuration: solves of {@code sweeps} sweeps each (fixed count, errors every 10
   * sweeps) warmed up by {@code warmUp}, then {@code repeats} timed solves.
   *
   * @param machine the machine figures for the roofline, or null
   */
  public static Result measure(
      int n,
      int k,
      Precision precision,
      int sweeps,
      int repeats,
      int threads,
      long seed,
      WarmUp warmUp,
      MachineRoofline machine) {
    Fixture fixture = new Fixture(n, k, precision, sweeps, threads, seed);
    WarmUp.Outcome warm = warmUp.run(i -> fixture.solve());
    double[] ms = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      MultiMarginalOutput out = fixture.solve();
      ms[r] = out.sweepSeconds() * 1000 / out.iterations();
    }
    Spread spread = Spread.of(ms);
    Work work = work(n, k, precision, INNER_ITERATIONS);
    return new Result(
        n,
        k,
        precision.toString(),
        spread.median(),
        threads,
        spread.min(),
        spread.max(),
        repeats,
        warm.steps(),
        warm.seconds(),
        warm.reason() == WarmUp.Reason.STABLE,
        work,
        machine == null ? null : Roofline.of(work, spread.median() / 1000, machine, threads));
  }

  /**
   * One problem ready to solve: k views of n random unit vectors in 64 dimensions, the
   * circular-variance cost, and a solver that runs exactly {@code sweeps} sweeps with an error
   * check every 10. The bench command and the JMH benchmark both time {@link #solve}.
   */
  public static final class Fixture {
    private final MultiMarginalProblem problem;
    private final MultiMarginalSinkhorn solver;

    /** The problem of {@code k} views of {@code n} points, drawn from {@code seed}. */
    public Fixture(int n, int k, Precision precision, int sweeps, int threads, long seed) {
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
      problem = MultiMarginalProblem.ofPoints(views, PairwiseCost.circularVariance(k));
      solver =
          new MultiMarginalSinkhorn(
              MultiMarginalSinkhorn.Config.builder()
                  .optPrecision(precision)
                  .optThreads(threads)
                  .optInnerIterations(INNER_ITERATIONS)
                  .optIterations(sweeps, sweeps)
                  .build());
    }

    /** One solve at epsilon 0.05 (tensor build, then the sweeps). */
    public MultiMarginalOutput solve() {
      return solver.solve(problem, 0.05);
    }
  }
}
