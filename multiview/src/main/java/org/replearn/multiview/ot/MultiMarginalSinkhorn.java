package org.replearn.multiview.ot;

import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;

/**
 * Log-domain multi-marginal Sinkhorn with Gauss-Seidel sweeps, following ott-jax's {@code
 * MMSinkhorn} (Piran et al. 2024, Algorithm 1):
 *
 * <pre>
 * f_l = 0 for all l
 * repeat (one sweep = l = 0..k-1 in order, each update using the latest potentials):
 *   f_l &lt;- eps log a_l - eps LSE_{axes != l}((sum_{m != l} f_m[i_m] - C[i]) / eps)
 *          (an update whose LSE is not finite adds only eps log a_l, as ott-jax does)
 *   every innerIterations sweeps (and after the last): err = sum_l ||m_l(P) - a_l||_p
 * stop when err &lt; threshold (after minIterations), err is not finite, or maxIterations
 * </pre>
 *
 * <p>The tensor T = (sum_l f_l) - C is stored once (C itself is never kept) and each update of f_l
 * adds its change along axis l, fused into the next reduction; a sweep therefore reads and writes
 * the n^k tensor k times: O(k n^k), against O(k^2 n^k) when C - sum f is rebuilt for every update.
 * Problems whose tensor exceeds {@link Config#maxEntries} are refused.
 *
 * <p>Deliberate differences from ott-jax (same potentials, values and plan otherwise): marginal
 * weights must be &gt; 0 (ott-jax lets zero weights produce infinite potentials); the error trace
 * holds only the checks made (ott-jax pads with -1 and stores inf before {@code min_iterations});
 * the run never exceeds {@code maxIterations} sweeps and always ends with a check (ott-jax runs
 * whole blocks of {@code inner_iterations}); {@code converged} means the last recorded error is
 * finite and below the threshold (ott-jax compares the last slot of its padded trace, so an early
 * stop on a non-finite error reads as converged there).
 */
public final class MultiMarginalSinkhorn {
  /** Tensors smaller than this are processed on one thread. */
  static final int PARALLEL_MIN_ENTRIES = 1 << 15;

  /** A solve that has run this long reports progress (iterations, marginal error). */
  private static final long PROGRESS_AFTER_NANOS = 2_000_000_000L;

  /** ott-jax's default epsilon scale: epsilon = 0.05 std(C). */
  public static final double DEFAULT_EPSILON_SCALE = 0.05;

  /**
   * Loop settings.
   *
   * @param threshold stop when the marginal error drops below it (default 1e-3)
   * @param normError p of the L_p error norm (default 1)
   * @param innerIterations sweeps between error checks (default 10)
   * @param minIterations sweeps before stopping is allowed (default 0)
   * @param maxIterations at most this many sweeps (default 2000)
   * @param precision storage of the n^k tensor (default float64)
   * @param maxEntries memory budget: largest n^k accepted (default 2^27 entries)
   * @param threads threads for the tensor passes (default: available processors)
   */
  public record Config(
      double threshold,
      double normError,
      int innerIterations,
      int minIterations,
      int maxIterations,
      Precision precision,
      long maxEntries,
      int threads) {

    public Config {
      InvalidInputException.require(
          threshold > 0 && Double.isFinite(threshold), "threshold", "must be > 0", threshold);
      InvalidInputException.require(normError >= 1, "normError", "must be >= 1", normError);
      InvalidInputException.require(
          innerIterations >= 1, "innerIterations", "must be >= 1", innerIterations);
      InvalidInputException.require(
          maxIterations >= 1, "maxIterations", "must be >= 1", maxIterations);
      InvalidInputException.require(
          minIterations >= 0 && minIterations <= maxIterations,
          "minIterations",
          "must be in [0, maxIterations=" + maxIterations + "]",
          minIterations);
      InvalidInputException.require(precision != null, "precision", "must be given", null);
      InvalidInputException.require(
          maxEntries >= 1 && maxEntries <= Integer.MAX_VALUE - 8,
          "maxEntries",
          "must be in [1, 2^31 - 9]",
          maxEntries);
      InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    }

    /** ott-jax's defaults, float64, 2^27 entries, all processors. */
    public static Config defaults() {
      return new Config(
          1e-3,
          1.0,
          10,
          0,
          2000,
          Precision.FLOAT64,
          1L << 27,
          Runtime.getRuntime().availableProcessors());
    }

    /** A builder starting from the {@link #defaults()}; every setting is optional. */
    public static Builder builder() {
      return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * Builds a {@link Config} setting by setting; {@link #build()} validates, naming the setting at
     * fault ({@code "threshold must be > 0, found 0.0"}).
     */
    public static final class Builder {
      private double threshold;
      private double normError;
      private int innerIterations;
      private int minIterations;
      private int maxIterations;
      private Precision precision;
      private long maxEntries;
      private int threads;

      private Builder(Config c) {
        threshold = c.threshold;
        normError = c.normError;
        innerIterations = c.innerIterations;
        minIterations = c.minIterations;
        maxIterations = c.maxIterations;
        precision = c.precision;
        maxEntries = c.maxEntries;
        threads = c.threads;
      }

      /** Stop when the marginal error is at most this (default 1e-3). */
      public Builder optThreshold(double v) {
        threshold = v;
        return this;
      }

      /** The p of the marginal error's p-norm (default 1). */
      public Builder optNormError(double v) {
        normError = v;
        return this;
      }

      /** Sweeps between error checks (default 10). */
      public Builder optInnerIterations(int v) {
        innerIterations = v;
        return this;
      }

      /** Minimum and maximum sweeps (default 0 and 2000). */
      public Builder optIterations(int min, int max) {
        minIterations = min;
        maxIterations = max;
        return this;
      }

      /** Maximum sweeps (default 2000); the minimum is lowered to it when above. */
      public Builder optMaxIterations(int v) {
        minIterations = Math.min(minIterations, v);
        maxIterations = v;
        return this;
      }

      /** Float64 or float32 with float64 sums (default float64). */
      public Builder optPrecision(Precision v) {
        precision = v;
        return this;
      }

      /** Most entries of the cost tensor (default 2^27). */
      public Builder optMaxEntries(long v) {
        maxEntries = v;
        return this;
      }

      /** Threads of the sweeps (default: all processors). */
      public Builder optThreads(int v) {
        threads = v;
        return this;
      }

      /** The validated settings. */
      public Config build() {
        return new Config(
            threshold,
            normError,
            innerIterations,
            minIterations,
            maxIterations,
            precision,
            maxEntries,
            threads);
      }
    }
  }

  private final Config config;

  /** A solver with the given loop settings. */
  public MultiMarginalSinkhorn(Config config) {
    this.config = config;
  }

  /** A solver with ott-jax's defaults. */
  public MultiMarginalSinkhorn() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  /** Solves with the default epsilon 0.05 std(C). */
  public MultiMarginalOutput solve(MultiMarginalProblem problem) {
    return solve(problem, Double.NaN);
  }

  /**
   * Solves the entropic multi-marginal problem.
   *
   * @param epsilon the regularisation (> 0), or NaN for 0.05 std(C) (population std over all n^k
   *     entries, as ott-jax)
   */
  public MultiMarginalOutput solve(MultiMarginalProblem problem, double epsilon) {
    int[] shape = problem.shape();
    int k = shape.length;
    double product = 1; // in double: n^k overflows a long for 8 views of 300 points
    for (int n : shape) {
      product *= n;
    }
    InvalidInputException.require(
        product <= config.maxEntries(),
        "cost tensor " + java.util.Arrays.toString(shape),
        "must have at most maxEntries = " + config.maxEntries() + " entries (memory budget)",
        product < 0x1p53
            ? String.valueOf((long) product)
            : String.format(java.util.Locale.ROOT, "%.4g", product));
    long entries = (long) product;
    boolean defaultEps = Double.isNaN(epsilon);
    if (!defaultEps) {
      InvalidInputException.require(
          epsilon > 0 && Double.isFinite(epsilon), "epsilon", "must be > 0", epsilon);
    }
    int parts =
        entries < PARALLEL_MIN_ENTRIES ? 1 : Math.min(config.threads(), Math.max(1, shape[0]));
    LogTensor t = LogTensor.allocate(config.precision(), shape);
    double std = CostTensorBuilder.fillNegativeCost(problem, t, parts);
    if (defaultEps) {
      epsilon = DEFAULT_EPSILON_SCALE * std;
      InvalidInputException.require(
          epsilon > 0,
          "epsilon",
          "default 0.05 std(C) must be > 0 (constant cost tensor); give epsilon explicitly",
          epsilon);
    }
    double invEps = 1.0 / epsilon;
    double[][] logA = new double[k][];
    double[][] a = new double[k][];
    double[][] f = new double[k][];
    for (int l = 0; l < k; l++) {
      a[l] = problem.weights(l);
      logA[l] = new double[shape[l]];
      for (int i = 0; i < shape[l]; i++) {
        logA[l][i] = StrictMath.log(a[l][i]);
      }
      f[l] = new double[shape[l]];
    }

    long start = System.nanoTime();
    List<Double> errors = new ArrayList<>();
    int iterations = 0;
    boolean converged = false;
    double[][] marginals = null;
    double mass = Double.NaN;
    double[] pending = null;
    int pendingAxis = -1;
    Progress progress = null; // started only once a solve has run for a while (no bars in training)
    try {
      while (iterations < config.maxIterations()) {
        if (progress == null && System.nanoTime() - start > PROGRESS_AFTER_NANOS) {
          progress =
              Progress.start(
                  "multi-marginal Sinkhorn " + java.util.Arrays.toString(shape),
                  config.maxIterations());
          progress.step(iterations);
        }
        if (progress != null) {
          progress.step(1);
        }
        for (int l = 0; l < k; l++) {
          double[] lse = t.lse(l, pendingAxis, pending, invEps, parts);
          double[] delta = new double[shape[l]];
          for (int i = 0; i < shape[l]; i++) {
            double softmin = Double.isFinite(lse[i]) ? -epsilon * lse[i] : 0.0;
            delta[i] = epsilon * logA[l][i] + softmin;
            f[l][i] += delta[i];
          }
          pending = delta;
          pendingAxis = l;
        }
        iterations++;
        boolean check =
            iterations % config.innerIterations() == 0 || iterations == config.maxIterations();
        if (check) {
          double[][] m = t.marginals(pending, invEps, parts);
          pending = null;
          pendingAxis = -1;
          marginals = java.util.Arrays.copyOf(m, k);
          mass = m[k][0];
          double err = error(marginals, a, config.normError());
          errors.add(err);
          if (progress != null) {
            progress.status(String.format(java.util.Locale.ROOT, "marginal error %.3g", err));
          }
          if (!Double.isFinite(err)) {
            break;
          }
          if (iterations >= config.minIterations() && err < config.threshold()) {
            converged = true;
            break;
          }
        }
      }
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
    double sweepSeconds = (System.nanoTime() - start) / 1e9;
    double value = 0;
    for (int l = 0; l < k; l++) {
      for (int i = 0; i < shape[l]; i++) {
        if (Double.isFinite(f[l][i])) {
          value += f[l][i] * a[l][i];
        }
      }
    }
    value += epsilon * (1 - mass);
    double[] err = new double[errors.size()];
    for (int i = 0; i < err.length; i++) {
      err[i] = errors.get(i);
    }
    return new MultiMarginalOutput(
        f,
        err,
        iterations,
        converged,
        epsilon,
        value,
        sweepSeconds,
        new Coupling(t, epsilon, parts, marginals, mass));
  }

  /** sum_l ||m_l - a_l||_p. */
  static double error(double[][] marginals, double[][] a, double p) {
    double total = 0;
    for (int l = 0; l < a.length; l++) {
      double s = 0;
      for (int i = 0; i < a[l].length; i++) {
        double d = Math.abs(marginals[l][i] - a[l][i]);
        s += p == 1 ? d : Math.pow(d, p);
      }
      total += p == 1 ? s : Math.pow(s, 1 / p);
    }
    return total;
  }
}
