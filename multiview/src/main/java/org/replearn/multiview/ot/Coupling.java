package org.replearn.multiview.ot;

import java.util.Arrays;

/**
 * The entropic coupling tensor P = exp((sum_l f_l[i_l] - C) / epsilon) of a solved problem, kept in
 * log form (the solver's final tensor) and evaluated lazily: nothing of size n^k is materialised
 * unless {@link #plan()} is called. Marginals are computed on first use and cached.
 */
public final class Coupling {
  private final LogTensor logTensor;
  private final double invEps;
  private final int parts;
  private double[][] marginals;
  private double mass = Double.NaN;
  private double[][][] pairMarginals;

  Coupling(LogTensor logTensor, double epsilon, int parts, double[][] marginals, double mass) {
    this.logTensor = logTensor;
    this.invEps = 1.0 / epsilon;
    this.parts = parts;
    this.marginals = marginals;
    this.mass = mass;
  }

  /** n_0..n_{k-1}. */
  public int[] shape() {
    return logTensor.shape.clone();
  }

  /** Precision of the stored tensor. */
  public Precision precision() {
    return logTensor.precision();
  }

  /** P[i_0, ..., i_{k-1}]. */
  public double entry(int... index) {
    int flat = 0;
    for (int l = 0; l < logTensor.k; l++) {
      flat += index[l] * logTensor.strides[l];
    }
    return StrictMath.exp(logTensor.get(flat) * invEps);
  }

  /** The whole plan, flat row-major, {@code [prod n_l]} (materialises n^k doubles). */
  public double[] plan() {
    return logTensor.exp(invEps);
  }

  /** sum of all entries of P (1 at convergence with probability weights). */
  public synchronized double mass() {
    ensureMarginals();
    return mass;
  }

  /** m_l(P): the sum of P over all axes but l, {@code [n_l]}. */
  public synchronized double[] marginal(int l) {
    ensureMarginals();
    return marginals[l].clone();
  }

  /** The 2-D marginal over axes (a, b), a != b, {@code [n_a, n_b]}. */
  public synchronized double[][] pairMarginal(int a, int b) {
    if (pairMarginals == null) {
      pairMarginals = logTensor.pairMarginals(invEps, parts);
    }
    boolean swap = a > b;
    double[][] m =
        pairMarginals[MultiMarginalProblem.pairIndex(logTensor.k, Math.min(a, b), Math.max(a, b))];
    int rows = swap ? m[0].length : m.length;
    int cols = swap ? m.length : m[0].length;
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i][j] = swap ? m[j][i] : m[i][j];
      }
    }
    return out;
  }

  /** sum_i P[i, ..., i], the mass on the ground-truth tuples (views of equal size). */
  public double diagonalMass() {
    int n = Arrays.stream(logTensor.shape).min().orElse(0);
    int step = Arrays.stream(logTensor.strides).sum();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += StrictMath.exp(logTensor.get(i * step) * invEps);
    }
    return s;
  }

  private void ensureMarginals() {
    if (marginals == null) {
      double[][] m = logTensor.marginals(null, invEps, parts);
      marginals = Arrays.copyOf(m, logTensor.k);
      mass = m[logTensor.k][0];
    }
  }
}
