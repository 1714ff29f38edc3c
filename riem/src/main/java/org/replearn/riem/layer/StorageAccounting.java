package org.replearn.riem.layer;

import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * How stored bits are counted for a compressed matrix.
 *
 * <ul>
 *   <li>{@link #HONEST} (default): quantised values at their bit width, plus every value kept in
 *       float32 at 32 bits: the per-column quantisation scales (min and step, 2 x 32 bits per
 *       column) and, for RieM, the metric MLP (A, c, w, b), which the official code never
 *       quantises.
 *   <li>{@link #PAPER}: the official notebook's count, {@code bits * parameters}: everything at the
 *       quantisation width and no scales.
 * </ul>
 *
 * The compression ratio is {@code storedBits / (32 rows cols)}: the fraction of the float32 dense
 * matrix's size (biases are never compressed and not counted).
 */
public enum StorageAccounting {
  HONEST,
  PAPER;

  /** Bits of one float32 value. */
  public static final int FLOAT_BITS = 32;

  /** Parses {@code honest|paper}. */
  public static StorageAccounting parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("storage accounting", "must be honest or paper", s);
    }
  }

  /**
   * Stored bits of a RieM matrix whose P and Q are quantised per column to {@code bits} (32: not
   * quantised).
   */
  public long riemBits(RiemShape shape, int bits) {
    if (this == PAPER) {
      return (long) bits * shape.parameterCount();
    }
    long scales = bits < FLOAT_BITS ? 2L * 2 * shape.stateDim() * FLOAT_BITS : 0;
    return shape.stateParameters() * bits + scales + shape.metricParameters() * FLOAT_BITS;
  }

  /**
   * Stored bits of a rank-{@code r} SVD {@code U diag(S) V^T} with U {@code [rows, r]} and V {@code
   * [cols, r]} quantised per column to {@code bits} and S kept.
   */
  public long svdBits(int rows, int cols, int rank, int bits) {
    if (this == PAPER) {
      return (long) bits * rank * (rows + cols + 1);
    }
    long scales = bits < FLOAT_BITS ? 2L * 2 * rank * FLOAT_BITS : 0;
    return (long) rank * (rows + cols) * bits + scales + (long) rank * FLOAT_BITS;
  }

  /** The compression ratio {@code bits / (32 rows cols)}. */
  public static double ratio(long storedBits, int rows, int cols) {
    return storedBits / ((double) FLOAT_BITS * rows * cols);
  }
}
