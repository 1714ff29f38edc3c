package org.replearn.multiview.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.replearn.core.InvalidInputException;
import org.replearn.multiview.ot.Coupling;
import org.replearn.multiview.ot.MultiMarginalOutput;
import org.replearn.multiview.ot.MultiMarginalProblem;
import org.replearn.multiview.ot.MultiMarginalSinkhorn;
import org.replearn.multiview.ot.PairwiseCost;
import org.replearn.multiview.ot.Precision;

/**
 * The multi-marginal matching gap (Piran et al. 2024, Def. 3.1) of k views of n objects, X =
 * [x_i^l] in R^{k x n x d}:
 *
 * <pre>
 * M3G(X) = &lt;J, C&gt; - eps log n - OT_eps(C) &gt;= 0,   C = sum_{a&lt;b} s ||z^a_{i_a} - z^b_{i_b}||^2
 * </pre>
 *
 * where z = x / ||x|| when {@code normalize}, J is the diagonal tensor (1/n on the true tuples),
 * OT_eps is the entropic multi-marginal OT value (ott-jax's {@code ent_reg_cost}) and s = 1/k^2 for
 * the circular variance c_cv = 1 - ||mean_l z_l||^2 (s = 1 for squared Euclidean).
 *
 * <p>Gradient (envelope theorem, no backpropagation through the sweeps): with G^{ab} = I/n -
 * P^{ab}, P^{ab} the 2-D marginal of the optimal plan over views (a, b),
 *
 * <pre>
 * dM3G/dz_i^a = 2 s sum_{b != a} [ (sum_j G^{ab}_{ij}) z_i^a - sum_j G^{ab}_{ij} z_j^b ]
 * dM3G/dx     = (I - z z^T) dM3G/dz / ||x||      (when normalize)
 * </pre>
 *
 * epsilon is treated as a constant. In DJL training the gradient is computed here in Java and
 * injected into autograd through the surrogate {@code sum(X * stop_gradient(grad))}, whose gradient
 * with respect to X is exactly dM3G/dX.
 */
public final class M3gLoss implements MultiViewLoss {

  /** The multiway cost. */
  public enum Cost {
    /** c_cv = (1/k^2) sum_{a&lt;b} ||z_a - z_b||^2 (the paper's default). */
    CIRCULAR_VARIANCE,
    /** sum_{a&lt;b} ||z_a - z_b||^2 (ott-jax's default). */
    SQ_EUCLIDEAN;

    /** Parses {@code circular-variance|sqeuclidean}. */
    public static Cost parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "circular-variance", "cv" -> CIRCULAR_VARIANCE;
        case "sqeuclidean", "sq-euclidean" -> SQ_EUCLIDEAN;
        default ->
            throw InvalidInputException.of("cost", "must be circular-variance or sqeuclidean", s);
      };
    }

    /** The per-pair scale s. */
    double scale(int views) {
      return this == CIRCULAR_VARIANCE ? 1.0 / ((double) views * views) : 1.0;
    }
  }

  /**
   * Settings.
   *
   * @param epsilon entropic regularisation (> 0; NaN for ott-jax's 0.05 std(C)); default 0.05,
   *     because c_cv at its 1/k^2 scale lies in [0, 1]: at the paper's 0.2 the plan is nearly
   *     uniform (mass 0.006 on the aligned tuples of perfectly aligned views at n = 64, k = 3)
   * @param cost the multiway cost
   * @param normalize whether rows are L2-normalised before the cost (the paper's setting)
   * @param solver multi-marginal Sinkhorn settings
   */
  public record Config(
      double epsilon, Cost cost, boolean normalize, MultiMarginalSinkhorn.Config solver) {
    public Config {
      InvalidInputException.require(
          Double.isNaN(epsilon) || (epsilon > 0 && Double.isFinite(epsilon)),
          "epsilon",
          "must be > 0",
          epsilon);
      InvalidInputException.require(cost != null, "cost", "must be given", null);
      InvalidInputException.require(solver != null, "solver", "must be given", null);
    }

    /** epsilon 0.05, circular variance, normalised, float32 tensor, solver defaults otherwise. */
    public static Config defaults() {
      return new Config(
          0.05,
          Cost.CIRCULAR_VARIANCE,
          true,
          MultiMarginalSinkhorn.Config.builder().optPrecision(Precision.FLOAT32).build());
    }

    public Config withEpsilon(double e) {
      return new Config(e, cost, normalize, solver);
    }

    public Config withCost(Cost c) {
      return new Config(epsilon, c, normalize, solver);
    }

    public Config withNormalize(boolean b) {
      return new Config(epsilon, cost, b, solver);
    }

    public Config withSolver(MultiMarginalSinkhorn.Config s) {
      return new Config(epsilon, cost, normalize, s);
    }
  }

  /**
   * One evaluation.
   *
   * @param value M3G
   * @param ot OT_eps(C)
   * @param groundTruthCost &lt;J, C&gt;
   * @param epsilon epsilon used
   * @param diagonalMass mass of the optimal plan on the true tuples
   * @param points the rows that enter the cost (normalised if requested), {@code [views, batch,
   *     dim]}
   * @param costGradient dM3G / d points, {@code [views, batch, dim]}, or null
   * @param inputGradient dM3G / d input rows, {@code [views, batch, dim]}, or null
   * @param solve the solver output
   */
  public record Evaluation(
      double value,
      double ot,
      double groundTruthCost,
      double epsilon,
      double diagonalMass,
      double[][][] points,
      double[][][] costGradient,
      double[][][] inputGradient,
      MultiMarginalOutput solve) {}

  private final Config config;

  public M3gLoss(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "m3g";
  }

  /**
   * Evaluates M3G (and its gradient) on plain arrays.
   *
   * @param x {@code [views, batch, dim]}, k &gt;= 2 views of equal batch size
   */
  public Evaluation evaluate(double[][][] x, boolean gradient) {
    int k = x.length;
    InvalidInputException.require(k >= 2, "views", "must be at least 2", k);
    int n = x[0].length;
    InvalidInputException.require(n >= 1, "batch", "must be at least 1", n);
    double[][][] z = new double[k][][];
    double[][] norms = new double[k][n];
    for (int l = 0; l < k; l++) {
      InvalidInputException.require(
          x[l].length == n, "view " + l, "must hold " + n + " rows like view 0", x[l].length);
      z[l] = new double[n][];
      for (int i = 0; i < n; i++) {
        double[] row = x[l][i];
        if (config.normalize()) {
          double s = 0;
          for (double v : row) {
            s += v * v;
          }
          norms[l][i] = Math.sqrt(s);
          InvalidInputException.require(
              norms[l][i] > 0, "row " + i + " of view " + l, "must be non-zero to normalise", 0);
          z[l][i] = new double[row.length];
          for (int j = 0; j < row.length; j++) {
            z[l][i][j] = row[j] / norms[l][i];
          }
        } else {
          z[l][i] = row.clone();
        }
      }
    }
    double s = config.cost().scale(k);
    PairwiseCost sq = PairwiseCost.sqEuclidean();
    PairwiseCost cost = (a, b) -> s * sq.apply(a, b);
    MultiMarginalProblem problem = MultiMarginalProblem.ofPoints(z, cost);
    MultiMarginalOutput out =
        new MultiMarginalSinkhorn(config.solver()).solve(problem, config.epsilon());
    double groundTruth = problem.diagonalCost();
    double eps = out.epsilon();
    double value = groundTruth - eps * Math.log(n) - out.entRegCost();
    Coupling coupling = out.coupling();
    double[][][] costGrad = null;
    double[][][] inputGrad = null;
    if (gradient) {
      costGrad = costGradient(z, coupling, s);
      inputGrad = config.normalize() ? throughNormalisation(z, norms, costGrad) : costGrad;
    }
    return new Evaluation(
        value,
        out.entRegCost(),
        groundTruth,
        eps,
        coupling.diagonalMass(),
        z,
        costGrad,
        inputGrad,
        out);
  }

  /** dM3G/dz from the 2-D marginals of J - P*. */
  static double[][][] costGradient(double[][][] z, Coupling coupling, double s) {
    int k = z.length;
    int n = z[0].length;
    int d = z[0][0].length;
    double[][][] g = new double[k][n][d];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        if (a == b) {
          continue;
        }
        double[][] p = coupling.pairMarginal(a, b);
        for (int i = 0; i < n; i++) {
          double rowSum = 0;
          double[] gi = g[a][i];
          for (int j = 0; j < n; j++) {
            double gij = (i == j ? 1.0 / n : 0.0) - p[i][j];
            rowSum += gij;
            if (gij != 0) {
              double[] zj = z[b][j];
              for (int c = 0; c < d; c++) {
                gi[c] -= 2 * s * gij * zj[c];
              }
            }
          }
          double[] zi = z[a][i];
          for (int c = 0; c < d; c++) {
            gi[c] += 2 * s * rowSum * zi[c];
          }
        }
      }
    }
    return g;
  }

  /** (I - z z^T) g / ||x|| row by row. */
  static double[][][] throughNormalisation(double[][][] z, double[][] norms, double[][][] g) {
    double[][][] out = new double[g.length][][];
    for (int l = 0; l < g.length; l++) {
      out[l] = new double[g[l].length][];
      for (int i = 0; i < g[l].length; i++) {
        double[] zi = z[l][i];
        double dot = 0;
        for (int c = 0; c < zi.length; c++) {
          dot += zi[c] * g[l][i][c];
        }
        out[l][i] = new double[zi.length];
        for (int c = 0; c < zi.length; c++) {
          out[l][i][c] = (g[l][i][c] - dot * zi[c]) / norms[l][i];
        }
      }
    }
    return out;
  }

  /**
   * M3G as a DJL objective: the value and gradient are computed in Java (one solve), and the
   * returned differentiable scalar is {@code sum(embeddings * stop_gradient(dM3G/dX))}, so backward
   * gives exactly dM3G/dX (its own value is not the loss; use {@link Objective#value()}).
   */
  @Override
  public Objective objective(NDArray embeddings) {
    long[] shape = embeddings.getShape().getShape();
    InvalidInputException.require(
        shape.length == 3, "embeddings", "must be [views, batch, dim]", embeddings.getShape());
    int k = (int) shape[0];
    int n = (int) shape[1];
    int d = (int) shape[2];
    float[] flat = embeddings.stopGradient().toType(DataType.FLOAT32, false).toFloatArray();
    double[][][] x = new double[k][n][d];
    for (int l = 0; l < k; l++) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          x[l][i][c] = flat[(l * n + i) * d + c];
        }
      }
    }
    Evaluation e = evaluate(x, true);
    float[] grad = new float[flat.length];
    for (int l = 0; l < k; l++) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          grad[(l * n + i) * d + c] = (float) e.inputGradient()[l][i][c];
        }
      }
    }
    NDArray g =
        embeddings
            .getManager()
            .create(grad, embeddings.getShape())
            .toType(embeddings.getDataType(), false);
    NDArray surrogate = embeddings.mul(g).sum();
    return new Objective(surrogate, e.value());
  }
}
