package org.replearn.riem.baseline;

import java.util.Arrays;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.riem.layer.StorageAccounting;

/**
 * Magnitude pruning: keep the {@code k} entries of largest |W_ij| (float32), zero the rest.
 * Storage: {@code 32 k} bits for the values plus, under honest accounting, a {@code rows cols}-bit
 * mask saying which entries are kept.
 */
public final class MagnitudePruning {
  private MagnitudePruning() {}

  /** W with all but the {@code kept} largest-magnitude entries zeroed (ties: lower index kept). */
  public static Compressed prune(
      float[] w, int rows, int cols, long kept, StorageAccounting accounting) {
    InvalidInputException.require(
        kept >= 0 && kept <= w.length, "kept entries", "must be in 0.." + w.length, kept);
    Integer[] order = new Integer[w.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(Math.abs(w[b]), Math.abs(w[a])));
    float[] out = new float[w.length];
    for (int r = 0; r < kept; r++) {
      out[order[r]] = w[order[r]];
    }
    return new Compressed(
        "prune",
        rows,
        cols,
        out,
        storedBits(rows, cols, kept, accounting),
        kept,
        Map.of("kept", kept, "keptFraction", kept / (double) w.length));
  }

  /** Stored bits of a pruned matrix with {@code kept} entries. */
  public static long storedBits(int rows, int cols, long kept, StorageAccounting accounting) {
    long mask = accounting == StorageAccounting.HONEST ? (long) rows * cols : 0;
    return kept * StorageAccounting.FLOAT_BITS + mask;
  }
}
