package org.replearn.cli.multiview;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.JsonFile;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.ot.MultiMarginalOutput;
import org.replearn.multiview.ot.MultiMarginalProblem;
import org.replearn.multiview.ot.MultiMarginalSinkhorn;
import org.replearn.multiview.ot.PairwiseCost;
import org.replearn.multiview.ot.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replearn multiview solve}: multi-marginal Sinkhorn between the views of a JSON file, with
 * the M3G value (and gradient) when all views have the same number of rows.
 */
@Command(
    name = "solve",
    mixinStandardHelpOptions = true,
    description = {
      "Solve entropic multi-marginal OT between k point clouds and evaluate M3G.",
      "Input: {\"views\": [[[x, ...], ...], ...]} (k views, rows of equal dimension)."
    })
public final class SolveCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--input", required = true, description = "views.json")
  Path input;

  @Option(
      names = "--cost",
      defaultValue = "sqeuclidean",
      description = "sqeuclidean or circular-variance (default: ${DEFAULT-VALUE}).")
  String cost;

  @Option(
      names = "--epsilon",
      description = "Entropic regularisation (default: 0.05 * std of the cost tensor).")
  Double epsilon;

  @Option(names = "--threshold", defaultValue = "1e-3", description = "Default: ${DEFAULT-VALUE}.")
  double threshold;

  @Option(
      names = "--max-iterations",
      defaultValue = "2000",
      description = "Default: ${DEFAULT-VALUE}.")
  int maxIterations;

  @Option(
      names = "--inner-iterations",
      defaultValue = "10",
      description = "Sweeps between error checks (default: ${DEFAULT-VALUE}).")
  int innerIterations;

  @Option(
      names = "--precision",
      defaultValue = "float64",
      description = "float32 or float64 tensor (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--normalize", description = "L2-normalise the rows first.")
  boolean normalize;

  @Option(
      names = "--gradient",
      description = "Also print the M3G gradient with respect to the rows that enter the cost.")
  boolean gradient;

  @Option(
      names = "--max-work",
      defaultValue = "1e11",
      description =
          "Work budget in tensor-entry sweeps, max iterations x n^k (default: ${DEFAULT-VALUE},"
              + " about 5 minutes on 2 cores at the measured 3 ns per entry and sweep).")
  double maxWork;

  /**
   * What {@code multiview solve} prints, in this order. {@code m3g}, {@code groundTruthCost} and
   * {@code diagonalMass} are null (and printed) for views of unequal sizes; {@code gradient} is
   * left out without {@code --gradient}.
   */
  record Solved(
      double ot,
      Double m3g,
      Double groundTruthCost,
      double epsilon,
      int iterations,
      boolean converged,
      double[] errors,
      double[][] potentials,
      Double diagonalMass,
      @JsonInclude(JsonInclude.Include.NON_NULL) double[][][] gradient) {
    /** The M3G figures with the solver's epsilon, iterations, errors and potentials. */
    static Solved of(
        double ot,
        Double m3g,
        Double groundTruthCost,
        Double diagonalMass,
        double[][][] gradient,
        MultiMarginalOutput solve) {
      return new Solved(
          ot,
          m3g,
          groundTruthCost,
          solve.epsilon(),
          solve.iterations(),
          solve.converged(),
          solve.errors(),
          solve.potentials(),
          diagonalMass,
          gradient);
    }
  }

  @Override
  public Integer call() throws IOException {
    double[][][] views = readViews(input);
    int k = views.length;
    M3gLoss.Cost costKind = M3gLoss.Cost.parse(cost);
    MultiMarginalSinkhorn.Config solver =
        MultiMarginalSinkhorn.Config.builder()
            .optThreshold(threshold)
            .optInnerIterations(innerIterations)
            .optMaxIterations(maxIterations)
            .optPrecision(Precision.parse(precision))
            .build();
    requireWithinBudgets(views, solver);
    double eps = epsilon == null ? Double.NaN : epsilon;
    boolean equalSizes = true;
    for (double[][] v : views) {
      equalSizes &= v.length == views[0].length;
    }
    InvalidInputException.require(
        equalSizes || !gradient, "--gradient", "needs views with equal numbers of rows", "unequal");
    Solved out;
    if (equalSizes) {
      M3gLoss loss = new M3gLoss(new M3gLoss.Config(eps, costKind, normalize, solver));
      M3gLoss.Evaluation e = loss.evaluate(views, gradient);
      out =
          Solved.of(
              e.ot(),
              e.value(),
              e.groundTruthCost(),
              e.diagonalMass(),
              gradient ? e.costGradient() : null,
              e.solve());
    } else {
      double[][][] points = normalize ? normalizeRows(views) : views;
      double s = costKind == M3gLoss.Cost.CIRCULAR_VARIANCE ? 1.0 / (k * k) : 1.0;
      PairwiseCost sq = PairwiseCost.sqEuclidean();
      MultiMarginalOutput solve =
          new MultiMarginalSinkhorn(solver)
              .solve(MultiMarginalProblem.ofPoints(points, (x, y) -> s * sq.apply(x, y)), eps);
      out = Solved.of(solve.entRegCost(), null, null, null, null, solve);
    }
    common.print(out);
    return 0;
  }

  /** Largest magnitude of a coordinate: squared distances of such points stay finite. */
  static final double MAX_COORDINATE = 1e100;

  /**
   * Reads {"views": [[[...]]]}: k >= 2 views, each a non-empty list of rows of one common
   * dimension, finite coordinates of magnitude at most {@link #MAX_COORDINATE}. The size of the
   * cost tensor the views imply is checked against the solver's budget afterwards ({@link
   * #requireWithinBudgets}).
   */
  static double[][][] readViews(Path file) throws IOException {
    InvalidInputException.require(Files.isRegularFile(file), "--input", "must be a file", file);
    JsonFile.Node root = JsonFile.read(file).object().only(java.util.Set.of("views"));
    List<JsonFile.Node> vs = root.get("views").elements();
    if (vs.size() < 2) {
      throw root.get("views").error("must be a list of at least 2 views", vs.size() + " views");
    }
    double[][][] views = new double[vs.size()][][];
    int d = -1;
    for (int l = 0; l < vs.size(); l++) {
      List<JsonFile.Node> rows = vs.get(l).elements();
      if (rows.isEmpty()) {
        throw vs.get(l).error("must be a non-empty list of rows", "[]");
      }
      views[l] = new double[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        double[] row = rows.get(i).doubleArray(-MAX_COORDINATE, MAX_COORDINATE);
        if (row.length == 0 || (d >= 0 && row.length != d)) {
          throw rows.get(i)
              .error(
                  "must be a list of " + (d < 0 ? "numbers" : d + " numbers"),
                  row.length + " numbers");
        }
        d = row.length;
        views[l][i] = row;
      }
    }
    return views;
  }

  /**
   * Refuses, before anything is allocated, a cost tensor beyond the solver's memory budget and a
   * solve whose worst case (every iteration up to --max-iterations) exceeds --max-work.
   */
  private void requireWithinBudgets(double[][][] views, MultiMarginalSinkhorn.Config solver) {
    double entries = 1;
    StringBuilder shape = new StringBuilder();
    for (double[][] v : views) {
      entries *= v.length;
      shape.append(shape.length() == 0 ? "" : " x ").append(v.length);
    }
    int bytesPerEntry = solver.precision() == Precision.FLOAT32 ? 4 : 8;
    InvalidInputException.require(
        entries <= solver.maxEntries(),
        "--input " + input,
        "must give a cost tensor (product of the views' row counts) of at most "
            + solver.maxEntries()
            + " entries, the memory budget of "
            + Budget.size((double) solver.maxEntries() * bytesPerEntry)
            + " in "
            + solver.precision().name().toLowerCase(java.util.Locale.ROOT),
        shape
            + " = "
            + String.format(java.util.Locale.ROOT, "%.3g", entries)
            + " entries ("
            + Budget.size(entries * bytesPerEntry)
            + ")");
    InvalidInputException.require(maxWork > 0, "--max-work", "must be > 0", maxWork);
    Budget.work(
        "--max-iterations",
        solver.maxIterations() + " with a " + shape + " tensor",
        "tensor-entry sweeps",
        entries * solver.maxIterations(),
        maxWork,
        "--max-work; lower --max-iterations or raise --max-work");
  }

  private static double[][][] normalizeRows(double[][][] views) {
    double[][][] z = new double[views.length][][];
    for (int l = 0; l < views.length; l++) {
      z[l] = new double[views[l].length][];
      for (int i = 0; i < views[l].length; i++) {
        double s = 0;
        for (double v : views[l][i]) {
          s += v * v;
        }
        InvalidInputException.require(
            s > 0, "row " + i + " of view " + l, "must be non-zero to normalise", 0);
        z[l][i] = new double[views[l][i].length];
        for (int c = 0; c < z[l][i].length; c++) {
          z[l][i][c] = views[l][i][c] / Math.sqrt(s);
        }
      }
    }
    return z;
  }
}
