package org.replearn.core.numeric;

/**
 * The index of the largest value, the first one on ties. Comparisons are {@code >}, false with a
 * NaN on either side: a later NaN is never chosen, and a NaN at the first index is returned.
 */
public final class ArgMax {
  private ArgMax() {}

  /** argmax_j values[from + j] over 0 <= j < length (length >= 1), as j. */
  public static int of(float[] values, int from, int length) {
    int best = 0;
    for (int j = 1; j < length; j++) {
      if (values[from + j] > values[from + best]) {
        best = j;
      }
    }
    return best;
  }

  /** argmax_j values[j] over the whole (non-empty) array. */
  public static int of(double[] values) {
    int best = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[best]) {
        best = j;
      }
    }
    return best;
  }
}
