package org.replearn.riem.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.Progress;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.RelativeError;
import org.replearn.riem.layer.RiemKernel;
import org.replearn.riem.layer.RiemShape;

/**
 * Fits a RieM matrix to a weight matrix W by Adam on {@code sum (W - W_hat)^2}, using no data
 * (official notebook {@code RieM/ResNet50_to_RieM-8bits.ipynb}, its {@code pick_configuration}
 * search and main loop).
 *
 * <ol>
 *   <li>Initialisation search: R restarts from P, Q ~ U[0,1) and PyTorch's {@code nn.Linear} init
 *       for the metric (U(+-1/sqrt(fan_in))), each trained S steps at the constant learning rate;
 *       the one with the lowest selection error is kept with its Adam state.
 *   <li>Main run: up to {@code mainSteps} further steps with the configured schedule; the error is
 *       checked every {@code checkEvery} steps, the best checkpoint is kept, and the official
 *       early-stop rule may end the run.
 * </ol>
 *
 * The selection error is the relative error after quantising P and Q to {@code selectionBits}.
 *
 * <p>The fit runs on the standardised target {@code Z = (W - mean(W)) / std(W)} and folds the
 * statistics back at the end ({@code w <- std w}, {@code b <- std b + mean}). W_hat is affine in w
 * and b, so this is an exact reparametrisation with the same relative errors, but it makes Adam's
 * learning rate independent of the layer's weight scale: trained layers have std ~0.03, and fitting
 * them raw at lr 1e-2 leaves w and b jumping by a third of the target's spread per step, which kept
 * trained layers on their initial plateau for thousands of steps (the official notebook fits raw W
 * with lr 5e-5; docs/results.md has the comparison).
 */
public final class RiemFitter {
  private final FitConfig config;
  private final MinMaxQuantizer.Step stepRule;

  /** A fitter with the given configuration and quantisation step rule for selection. */
  public RiemFitter(FitConfig config, MinMaxQuantizer.Step stepRule) {
    this.config = config;
    this.stepRule = stepRule;
  }

  /**
   * Fits W.
   *
   * @param weights W as {@code [rows, cols]} row-major
   * @param seeds restart r uses {@code seeds.child(r)}
   */
  public FitResult fit(float[] weights, int rows, int cols, Seeds seeds) {
    long start = System.nanoTime();
    Standardized standardized = Standardized.of(weights);
    float[] target = standardized.values();
    RiemShape shape = new RiemShape(rows, cols, config.stateDim(), config.metricDim());
    double[] restartErrors = new double[config.restarts()];
    List<FitResult.Check> trace = new ArrayList<>();
    long total = (long) config.restarts() * config.searchSteps() + config.mainSteps();
    try (RiemKernel kernel = new RiemKernel(shape, target, config.threads());
        Progress progress = Progress.start("RieM fit " + rows + "x" + cols, total)) {
      float[] grad = new float[shape.parameterCount()];
      float[] bestParams = null;
      Adam bestAdam = null;
      double bestError = Double.POSITIVE_INFINITY;
      boolean diverged = false;
      for (int r = 0; r < config.restarts(); r++) {
        float[] params = initialParameters(shape, seeds.child(r).random(), config.metricInitGain());
        Adam adam = new Adam(params.length);
        boolean finite = true;
        for (int s = 0; s < config.searchSteps() && finite; s++) {
          finite = Double.isFinite(kernel.lossAndGradient(params, grad));
          if (finite) {
            adam.step(params, grad, config.learningRate());
          }
        }
        progress.step(config.searchSteps());
        restartErrors[r] = finite ? selectionError(kernel, target, params) : Double.NaN;
        if (finite && (bestParams == null || restartErrors[r] < bestError)) {
          bestError = restartErrors[r];
          bestParams = params;
          bestAdam = adam;
        }
      }
      if (bestParams == null) {
        // every restart diverged: fall back to the first initialisation, untrained
        bestParams = initialParameters(shape, seeds.child(0).random(), config.metricInitGain());
        bestAdam = new Adam(bestParams.length);
        bestError = selectionError(kernel, target, bestParams);
        diverged = true;
      }
      float[] params = bestParams.clone();
      double previous = bestError;
      int fails = 0;
      int steps = 0;
      int reported = 0;
      boolean stoppedEarly = false;
      int failsFrom = (int) Math.ceil(config.earlyStopFraction() * config.mainSteps());
      while (steps < config.mainSteps() && !stoppedEarly && !diverged) {
        double loss = kernel.lossAndGradient(params, grad);
        if (!Double.isFinite(loss)) {
          diverged = true;
          break;
        }
        bestAdam.step(params, grad, config.learningRateAt(steps));
        steps++;
        if (steps % config.checkEvery() == 0 || steps == config.mainSteps()) {
          progress.step(steps - reported);
          reported = steps;
          double error = selectionError(kernel, target, params);
          trace.add(new FitResult.Check(steps, error));
          progress.status(String.format("err %.4f", error));
          if (error < bestError) {
            bestError = error;
            bestParams = params.clone();
          }
          if (steps >= failsFrom && previous - error < config.earlyStopTolerance()) {
            fails++;
            stoppedEarly = fails >= config.earlyStopPatience();
          }
          previous = error;
        }
      }
      double fullPrecision = RelativeError.of(target, kernel.reconstruct(bestParams));
      return new FitResult(
          shape,
          standardized.foldInto(shape, bestParams),
          fullPrecision,
          bestError,
          config.selectionBits(),
          restartErrors,
          List.copyOf(trace),
          steps,
          stoppedEarly,
          diverged,
          (System.nanoTime() - start) / 1e9);
    }
  }

  private double selectionError(RiemKernel kernel, float[] target, float[] params) {
    float[] evaluated =
        config.selectionBits() < 32
            ? new MinMaxQuantizer(config.selectionBits(), stepRule)
                .quantizeStates(kernel.shape(), params)
            : params;
    return RelativeError.of(target, kernel.reconstruct(evaluated));
  }

  /** W as {@code (W - mean) / std} with its mean and std. */
  private record Standardized(float[] values, double mean, double std) {
    static Standardized of(float[] w) {
      double mean = 0;
      for (float v : w) {
        mean += v;
      }
      mean /= w.length;
      double std = w.length > 1 ? RelativeError.std(w) : 0;
      double scale = std > 0 ? std : 1;
      float[] z = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        z[i] = (float) ((w[i] - mean) / scale);
      }
      return new Standardized(z, mean, scale);
    }

    /**
     * Parameters fitted to Z turned into parameters for W: {@code w <- std w, b <- std b + mean}.
     */
    float[] foldInto(RiemShape shape, float[] params) {
      float[] out = params.clone();
      for (int i = shape.offsetW(); i < shape.offsetB(); i++) {
        out[i] = (float) (std * params[i]);
      }
      out[shape.offsetB()] = (float) (std * params[shape.offsetB()] + mean);
      return out;
    }
  }

  /**
   * Initial parameters: P, Q ~ U[0,1) ({@code torch.rand}); A_k, c_k ~ U(+-gain/sqrt(d)) and w, b ~
   * U(+-1/sqrt(m)) (gain 1 is {@code nn.Linear}'s default init).
   */
  public static float[] initialParameters(RiemShape shape, SplittableRandom rng, double gain) {
    float[] p = new float[shape.parameterCount()];
    for (int i = 0; i < shape.offsetA(); i++) {
      p[i] = (float) rng.nextDouble();
    }
    double metricBound = gain / Math.sqrt(shape.stateDim());
    for (int i = shape.offsetA(); i < shape.offsetW(); i++) {
      p[i] = (float) rng.nextDouble(-metricBound, metricBound);
    }
    double outBound = 1 / Math.sqrt(shape.metricDim());
    for (int i = shape.offsetW(); i < p.length; i++) {
      p[i] = (float) rng.nextDouble(-outBound, outBound);
    }
    return p;
  }
}
