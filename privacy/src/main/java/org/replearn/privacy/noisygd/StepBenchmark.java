package org.replearn.privacy.noisygd;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.StepTimer;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;

/**
 * Times one full-batch NoisyGD step (clipped gradient sum plus the noisy update) on random float32
 * features; used by {@code replearn privacy bench}. Timings belong in benchmarks, never in tests.
 *
 * <p>Like a JMH warm-up, untimed steps run until the step rate is stable ({@link WarmUp}) before
 * timing starts: the kernel's vector loops run in slow profiled code (vectors boxed) until C2 has
 * compiled them, which takes about two seconds of steps; a fixed handful of warm-up steps left some
 * of those slow steps in the timed window, which made the median swing between 18 and 39 ms from
 * one run to the next.
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
   * @param msMin fastest timed step
   * @param msMax slowest timed step
   * @param warmupSteps untimed steps of the warm-up
   * @param warmupSeconds their duration
   * @param warmupStable whether the warm-up ended on a stable rate (not its time limit)
   * @param work one step's work ({@link #work})
   * @param roofline the median step against the machine figures, or null without them
   */
  public record Timing(
      int n,
      int p,
      int classes,
      int threads,
      double msPerStep,
      int repeats,
      double msMin,
      double msMax,
      long warmupSteps,
      double warmupSeconds,
      boolean warmupStable,
      Work work,
      Roofline roofline) {}

  /**
   * The work of one step with cross-entropy and no bias, counted from {@link ClippedGradientSum}
   * and the update below (classes padded to a multiple of five are not counted: padding is
   * overhead):
   *
   * <pre>
   *   flops     = 2 n p K      logits
   *             + 2 n p        squared feature norms
   *             + 2 n p K      rank-one accumulation of the clipped gradients
   *             + 6 n K        softmax max, shift, sum, scale and the gradient's squared norm
   *             + 3 K p        W -= lr (sum + noise)
   *   exps      = n K          softmax
   *   divisions = 2 n          the softmax's 1 / sum and the clip factor G / norm, per row
   *   bytesRead = 4 n p + 4 n  the features (read once: rows are processed in L1-sized blocks), labels
   *             + 12 K p       W (float) and the gradient sum (double)
   * </pre>
   */
  public static Work work(int n, int p, int classes) {
    double np = (double) n * p;
    double kp = (double) classes * p;
    double nk = (double) n * classes;
    return new Work(
        4 * np * classes + 2 * np + 6 * nk + 3 * kp, 4 * np + 4.0 * n + 12 * kp, nk, 2.0 * n);
  }

  /**
   * Times {@code repeats} steps one by one after the warm-up.
   *
   * @param machine the machine figures for the roofline, or null
   */
  public static Timing run(
      int n, int p, int classes, int threads, WarmUp warmUp, int repeats, MachineRoofline machine) {
    InvalidInputException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
    StepTimer.Result t;
    try (Fixture fixture = new Fixture(n, p, classes, threads)) {
      t = StepTimer.measure(warmUp, repeats, i -> fixture.step());
    }
    Work work = work(n, p, classes);
    return new Timing(
        n,
        p,
        classes,
        threads,
        t.seconds().median() * 1e3,
        repeats,
        t.seconds().min() * 1e3,
        t.seconds().max() * 1e3,
        t.warmUp().steps(),
        t.warmUp().seconds(),
        t.warmUp().reason() == WarmUp.Reason.STABLE,
        work,
        machine == null ? null : Roofline.of(work, t.seconds().median(), machine, threads));
  }

  /**
   * One NoisyGD problem ready to step: random float32 features x ~ N(0, 1/p) {@code [n, p]},
   * uniform labels and W ~ N(0, 0.01) {@code [K, p]} (seed n 31 + p). The bench command and the JMH
   * benchmark both time {@link #step}.
   */
  public static final class Fixture implements AutoCloseable {
    private final SplittableRandom rng;
    private final LabelledFeatures data;
    private final float[] w;
    private final ClippedGradientSum kernel;

    /** A problem of n examples, p features and {@code classes} classes on {@code threads}. */
    public Fixture(int n, int p, int classes, int threads) {
      rng = new SplittableRandom(n * 31L + p);
      float[] x = new float[Math.multiplyExact(n, p)];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rng.nextGaussian() / Math.sqrt(p));
      }
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = rng.nextInt(classes);
      }
      data = new LabelledFeatures(x, n, p, y, classes);
      w = new float[classes * p];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (0.1 * rng.nextGaussian());
      }
      kernel = new ClippedGradientSum(threads);
    }

    /**
     * One NoisyGD step: clipped gradient sum (cross-entropy, G = 1), then W -= lr (sum + noise);
     * returns the number of clipped examples.
     */
    public int step() {
      ClippedGradientSum.Sum sum = kernel.compute(data, w, null, Loss.CROSS_ENTROPY, 1.0, null);
      for (int i = 0; i < w.length; i++) {
        w[i] -= (float) (1e-5 * (sum.weights()[i] + rng.nextGaussian()));
      }
      return sum.clipped();
    }

    @Override
    public void close() {
      kernel.close();
    }
  }
}
