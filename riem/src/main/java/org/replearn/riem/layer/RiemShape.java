package org.replearn.riem.layer;

import org.replearn.core.InvalidInputException;

/**
 * The sizes of one RieM matrix and the layout of its flat parameter vector.
 *
 * <p>The reconstructed matrix is {@code W_hat[i][j] = b + sum_mm w[mm] * sum_k sigmoid(A_k (p_i +
 * shift_k(q_j)) + c_k)[mm]} with {@code K = 6} branches and cyclic left shifts {@code shift_k(q)[t]
 * = q[(t + s_k) mod d]}, {@code s_k = floor(k d / 6)} (official notebook {@code dynMat_rieM}).
 *
 * <p>Flat layout, in order: {@code P [rows, d]}, {@code Q [cols, d]}, {@code A [K, m, d]}, {@code c
 * [K, m]}, {@code w [m]}, {@code b [1]}, so the length is {@code (rows + cols) d + K m (d + 1) + m
 * + 1} (24,435 for 128 x 256, d = 52, m = 14).
 *
 * @param rows N_r, rows of W (output neurons)
 * @param cols N_c, columns of W (input neurons)
 * @param stateDim d, the neuron-state dimension
 * @param metricDim m, the width of the metric MLP
 */
public record RiemShape(int rows, int cols, int stateDim, int metricDim) {
  /** Number of branches K. */
  public static final int BRANCHES = 6;

  public RiemShape {
    InvalidInputException.require(rows > 0, "rows", "must be > 0", rows);
    InvalidInputException.require(cols > 0, "cols", "must be > 0", cols);
    InvalidInputException.require(stateDim > 0, "state dim d", "must be > 0", stateDim);
    InvalidInputException.require(metricDim > 0, "metric dim m", "must be > 0", metricDim);
  }

  /** The shift of branch {@code k}: {@code floor(k d / 6)}. */
  public int shift(int k) {
    return k * stateDim / BRANCHES;
  }

  /** K m: the number of (branch, metric unit) pairs. */
  public int units() {
    return BRANCHES * metricDim;
  }

  /** Offset of P in the flat vector. */
  public int offsetP() {
    return 0;
  }

  /** Offset of Q. */
  public int offsetQ() {
    return rows * stateDim;
  }

  /** Offset of A, stored as {@code [K, m, d]}. */
  public int offsetA() {
    return offsetQ() + cols * stateDim;
  }

  /** Offset of c, stored as {@code [K, m]}. */
  public int offsetC() {
    return offsetA() + units() * stateDim;
  }

  /** Offset of w {@code [m]}. */
  public int offsetW() {
    return offsetC() + units();
  }

  /** Offset of b. */
  public int offsetB() {
    return offsetW() + metricDim;
  }

  /** Number of neuron-state values: {@code (rows + cols) d}. */
  public long stateParameters() {
    return (long) (rows + cols) * stateDim;
  }

  /** Number of metric-MLP values: {@code K m (d + 1) + m + 1}. */
  public long metricParameters() {
    return (long) units() * (stateDim + 1) + metricDim + 1;
  }

  /** All parameters: {@code (rows + cols) d + K m (d + 1) + m + 1}. */
  public int parameterCount() {
    long n = stateParameters() + metricParameters();
    InvalidInputException.require(
        n < Integer.MAX_VALUE, "RieM parameter count", "must fit an int", n);
    return (int) n;
  }

  /** Parameters of the dense matrix: {@code rows cols}. */
  public long denseParameters() {
    return (long) rows * cols;
  }
}
