package org.replearn.riem.fit;

import java.util.SplittableRandom;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.Spread;
import org.replearn.core.bench.StepTimer;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;
import org.replearn.riem.layer.RiemKernel;
import org.replearn.riem.layer.RiemShape;

/**
 * Measures fitting speed: full Adam steps (loss, analytic gradient, update) per second on a
 * Gaussian target, after a time-based warm-up ({@link WarmUp}) that lets the JIT compile the
 * kernel, in {@code repeats} timed samples (min / median / max), with the step's work ({@link
 * #work}) and, given the machine's figures, its place under the roofline.
 */
public final class FitBenchmark {
  private FitBenchmark() {}

  /** Floating-point operations of {@link Adam#step} per parameter (m 3, v 4, update 6). */
  static final int ADAM_FLOPS_PER_PARAMETER = 13;

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
   * @param stepsPerSecondSpread min / median / max over the timed samples
   * @param warmupSteps untimed steps of the warm-up
   * @param warmupSeconds their duration
   * @param warmupStable whether the warm-up ended on a stable rate (not its time limit)
   * @param work one step's work
   * @param roofline the step against the machine figures (median time), or null without them
   */
  public record Result(
      int rows,
      int cols,
      int stateDim,
      int metricDim,
      int threads,
      long steps,
      double stepsPerSecond,
      Spread stepsPerSecondSpread,
      long warmupSteps,
      double warmupSeconds,
      boolean warmupStable,
      Work work,
      Roofline roofline) {}

  /**
   * The work of one fitting step, counted from {@link RiemKernel} and {@link Adam}: with R rows, C
   * columns, U = K m units, E = R C U and P parameters,
   *
   * <pre>
   *   flops     = 6 (R + C) d U     alpha, beta (2 each) and the four gradient products (dP, dA twice, dQ)
   *             + 12 E              5 per sigmoid entry forward (FMA, div, FMA), 7 backward
   *             + 5 R C             residual, loss and bias gradient
   *             + 13 P              Adam
   *   exps      = (R + C) U         e^-alpha and e^-beta, the factors of every entry's exponential
   *   divisions = E                 one per sigmoid entry, 1 / (1 + e^-alpha e^-beta)
   *   bytesRead = 4 R C + 16 P      the target, then parameters, gradient and both Adam moments
   * </pre>
   *
   * The per-thread sums of v are left out (threads x C U adds), and so is the kernel's fallback for
   * rows with saturated sigmoids (one exponential per entry, {@link RiemKernel}), which fitting
   * from the fitter's initial parameters does not reach.
   */
  public static Work work(RiemShape shape) {
    double r = shape.rows();
    double c = shape.cols();
    double u = shape.units();
    double entries = r * c * u;
    double p = shape.parameterCount();
    double flops =
        6 * (r + c) * shape.stateDim() * u
            + 12 * entries
            + 5 * r * c
            + ADAM_FLOPS_PER_PARAMETER * p;
    return new Work(flops, 4 * r * c + 16 * p, (r + c) * u, entries);
  }

  /**
   * One fitting problem ready to step: a Gaussian target (std 0.05, seed 0), the fitter's initial
   * parameters, a kernel and Adam. The bench command and the JMH benchmark both time {@link #step}.
   */
  public static final class Fixture implements AutoCloseable {
    private final float[] params;
    private final float[] grad;
    private final Adam adam;
    private final RiemKernel kernel;

    /** A problem of {@code shape} fitted with {@code threads} kernel threads. */
    public Fixture(RiemShape shape, int threads) {
      SplittableRandom rng = new SplittableRandom(0);
      float[] w = new float[shape.rows() * shape.cols()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (0.05 * rng.nextGaussian());
      }
      params = RiemFitter.initialParameters(shape, rng, 1);
      grad = new float[params.length];
      adam = new Adam(params.length);
      kernel = new RiemKernel(shape, w, threads);
    }

    /** One Adam step (loss, analytic gradient, update); returns the loss before the update. */
    public double step() {
      double loss = kernel.lossAndGradient(params, grad);
      adam.step(params, grad, 1e-3);
      return loss;
    }

    @Override
    public void close() {
      kernel.close();
    }
  }

  /**
   * Warms up, then times {@code repeats} samples of about {@code seconds / repeats} each.
   *
   * @param machine the machine figures for the roofline, or null
   */
  public static Result measure(
      RiemShape shape,
      int threads,
      WarmUp warmUp,
      int repeats,
      double seconds,
      MachineRoofline machine) {
    try (Fixture fixture = new Fixture(shape, threads)) {
      StepTimer.Result t =
          StepTimer.measureBatched(warmUp, repeats, seconds / repeats, i -> fixture.step());
      double mean = 0;
      for (double s : t.samples()) {
        mean += s / t.samples().length;
      }
      Work work = work(shape);
      return new Result(
          shape.rows(),
          shape.cols(),
          shape.stateDim(),
          shape.metricDim(),
          threads,
          t.timedSteps(),
          1 / mean,
          t.seconds().inverse(1),
          t.warmUp().steps(),
          t.warmUp().seconds(),
          t.warmUp().reason() == WarmUp.Reason.STABLE,
          work,
          machine == null ? null : Roofline.of(work, t.seconds().median(), machine, threads));
    }
  }
}
