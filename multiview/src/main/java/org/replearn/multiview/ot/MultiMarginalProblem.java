package org.replearn.multiview.ot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * A multi-marginal OT problem between k weighted point clouds of sizes n_0..n_{k-1}: marginal
 * weights a_l (uniform 1/n_l by default, all entries > 0) and the cost tensor
 *
 * <pre>C[i_0, ..., i_{k-1}] = sum_{a<b} D^{ab}[i_a, i_b]</pre>
 *
 * given by its k(k-1)/2 pairwise cost matrices D^{ab} ({@code [n_a, n_b]}), stored in ott-jax's
 * pair order: pair (a, b), a &lt; b, has index {@code a*k - a(a+1)/2 + b - a - 1}. The n^k tensor
 * itself is never stored here; the solver builds it.
 */
public final class MultiMarginalProblem {
  private final int[] shape;
  private final double[][] weights;
  private final double[][][] pairCosts;

  private MultiMarginalProblem(int[] shape, double[][] weights, double[][][] pairCosts) {
    this.shape = shape;
    this.weights = weights;
    this.pairCosts = pairCosts;
  }

  /**
   * A problem from its pairwise cost matrices, with uniform weights.
   *
   * @param shape n_0..n_{k-1}, k >= 2
   * @param pairCosts k(k-1)/2 matrices in pair order, {@code pairCosts[pairIndex(a,b)]} is {@code
   *     [n_a, n_b]}
   */
  public static MultiMarginalProblem ofPairCosts(int[] shape, double[][][] pairCosts) {
    InvalidInputException.require(shape.length >= 2, "views", "must be at least 2", shape.length);
    for (int l = 0; l < shape.length; l++) {
      InvalidInputException.require(
          shape[l] >= 1, "view " + l, "must hold at least one point", shape[l]);
    }
    int k = shape.length;
    InvalidInputException.require(
        pairCosts.length == k * (k - 1) / 2,
        "pairwise cost matrices",
        "must number k(k-1)/2 = " + k * (k - 1) / 2,
        pairCosts.length);
    double[][][] copy = new double[pairCosts.length][][];
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        double[][] m = pairCosts[pairIndex(k, a, b)];
        String name = "cost matrix (" + a + "," + b + ")";
        InvalidInputException.require(
            m.length == shape[a], name, "must have " + shape[a] + " rows", m.length);
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
          InvalidInputException.require(
              m[i].length == shape[b], name, "must have " + shape[b] + " columns", m[i].length);
          for (double v : m[i]) {
            InvalidInputException.require(Double.isFinite(v), name, "must be finite", v);
          }
          c[i] = m[i].clone();
        }
        copy[pairIndex(k, a, b)] = c;
      }
    }
    double[][] uniform = new double[k][];
    for (int l = 0; l < k; l++) {
      uniform[l] = new double[shape[l]];
      Arrays.fill(uniform[l], 1.0 / shape[l]);
    }
    return new MultiMarginalProblem(shape.clone(), uniform, copy);
  }

  /**
   * A problem between point clouds with one cost for every pair of views.
   *
   * @param views k clouds, {@code views[l]} is {@code [n_l, d]} (d common to all)
   */
  public static MultiMarginalProblem ofPoints(double[][][] views, PairwiseCost cost) {
    int k = views.length;
    List<PairwiseCost> costs = new ArrayList<>();
    for (int p = 0; p < k * (k - 1) / 2; p++) {
      costs.add(cost);
    }
    return ofPoints(views, costs);
  }

  /**
   * A problem between point clouds with its own cost per pair of views (ott-jax's tuple of {@code
   * cost_fns}).
   *
   * @param views k clouds, {@code views[l]} is {@code [n_l, d]}
   * @param costs k(k-1)/2 costs in pair order
   */
  public static MultiMarginalProblem ofPoints(double[][][] views, List<PairwiseCost> costs) {
    int k = views.length;
    InvalidInputException.require(k >= 2, "views", "must be at least 2", k);
    InvalidInputException.require(
        costs.size() == k * (k - 1) / 2,
        "pairwise costs",
        "must number k(k-1)/2 = " + k * (k - 1) / 2,
        costs.size());
    int d = -1;
    int[] shape = new int[k];
    for (int l = 0; l < k; l++) {
      shape[l] = views[l].length;
      for (double[] row : views[l]) {
        if (d < 0) {
          d = row.length;
        }
        InvalidInputException.require(
            row.length == d, "view " + l, "rows must all have dimension " + d, row.length);
        for (double v : row) {
          InvalidInputException.require(Double.isFinite(v), "view " + l, "must be finite", v);
        }
      }
    }
    double[][][] pairs = new double[k * (k - 1) / 2][][];
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        int p = pairIndex(k, a, b);
        pairs[p] = costs.get(p).matrix(views[a], views[b]);
      }
    }
    return ofPairCosts(shape, pairs);
  }

  /**
   * The same problem with other marginal weights.
   *
   * @param weights k vectors, {@code weights[l]} of length n_l, entries finite and > 0
   */
  public MultiMarginalProblem withWeights(double[][] weights) {
    InvalidInputException.require(
        weights.length == shape.length, "weights", "must have one vector per view", weights.length);
    double[][] copy = new double[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      InvalidInputException.require(
          weights[l].length == shape[l],
          "weights of view " + l,
          "must have " + shape[l] + " entries",
          weights[l].length);
      for (double w : weights[l]) {
        InvalidInputException.require(
            w > 0 && Double.isFinite(w), "weights of view " + l, "must be finite and > 0", w);
      }
      copy[l] = weights[l].clone();
    }
    return new MultiMarginalProblem(shape, copy, pairCosts);
  }

  /** ott-jax's index of pair (a, b), a &lt; b, among the k(k-1)/2 pairs. */
  public static int pairIndex(int k, int a, int b) {
    return a * k - (a * (a + 1)) / 2 + b - a - 1;
  }

  /** k, the number of views (marginals). */
  public int views() {
    return shape.length;
  }

  /** n_0..n_{k-1}. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of entries of the cost tensor, prod_l n_l. */
  public long entries() {
    long e = 1;
    for (int n : shape) {
      e = Math.multiplyExact(e, n);
    }
    return e;
  }

  /** Marginal weights of view l. */
  public double[] weights(int l) {
    return weights[l].clone();
  }

  /** D^{ab} for a &lt; b, {@code [n_a, n_b]} (a copy). */
  public double[][] pairCost(int a, int b) {
    double[][] m = pairCosts[pairIndex(shape.length, a, b)];
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /** Entry (i, j) of D^{ab}, a &lt; b, without copying. */
  double pairCostEntry(int a, int b, int i, int j) {
    return pairCosts[pairIndex(shape.length, a, b)][i][j];
  }

  /** Row i of D^{ab}, a &lt; b, without copying (package use only; not to be modified). */
  double[] pairCostRow(int a, int b, int i) {
    return pairCosts[pairIndex(shape.length, a, b)][i];
  }

  /** The mean of the cost tensor over all entries: sum_{a<b} mean(D^{ab}). */
  public double costMean() {
    double s = 0;
    for (double[][] m : pairCosts) {
      double t = 0;
      for (double[] row : m) {
        for (double v : row) {
          t += v;
        }
      }
      s += t / ((double) m.length * m[0].length);
    }
    return s;
  }

  /**
   * &lt;J, C&gt; = (1/n) sum_i C[i, ..., i], the cost of the ground-truth tuples (all views of
   * equal size n).
   */
  public double diagonalCost() {
    int n = shape[0];
    for (int l = 1; l < shape.length; l++) {
      InvalidInputException.require(
          shape[l] == n, "view " + l, "must hold as many points as view 0 (" + n + ")", shape[l]);
    }
    double s = 0;
    for (double[][] m : pairCosts) {
      for (int i = 0; i < n; i++) {
        s += m[i][i];
      }
    }
    return s / n;
  }
}
