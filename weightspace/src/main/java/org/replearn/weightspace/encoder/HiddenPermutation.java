package org.replearn.weightspace.encoder;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;

/**
 * Permutations of the hidden units of each LSTM layer, the symmetry of the zoo's weight space,
 * applied to flat parameter rows as an index map: {@code permuted[j] = original[map[j]]}.
 *
 * <p>New unit i of layer l is old unit pi_l(i): the rows {@code k H + i} (k = 0..3, all four gates)
 * of W_ih, W_hh, b_ih and b_hh of layer l take old rows {@code k H + pi_l(i)}; column i of the same
 * layer's W_hh and of the next layer's W_ih (or W_lin) takes old column pi_l(i). The network
 * computes the same function after the permutation, so it is the augmentation the official code
 * applies to the flat and transformer encoders, and the invariance every other encoder must show.
 */
public final class HiddenPermutation {
  private HiddenPermutation() {}

  /** One uniformly random permutation of the H hidden units per layer. */
  public static int[][] random(LstmLayout layout, SplittableRandom rng) {
    int[][] perms = new int[layout.layers()][];
    for (int l = 0; l < layout.layers(); l++) {
      perms[l] = RandomArrays.permutation(rng, layout.hiddenSize());
    }
    return perms;
  }

  /**
   * The flat index map of a coupled permutation.
   *
   * @param perms perms[l] is a permutation of 0..H-1 for layer l
   * @return map of length P with {@code permuted[j] = original[map[j]]}
   */
  public static int[] indexMap(LstmLayout layout, int[][] perms) {
    InvalidInputException.require(
        perms.length == layout.layers(),
        "hidden permutations",
        "must be one per layer",
        perms.length);
    int h = layout.hiddenSize();
    int[] map = new int[layout.flatSize()];
    for (int j = 0; j < map.length; j++) {
      map[j] = j;
    }
    for (int[] pi : perms) {
      InvalidInputException.require(
          pi.length == h, "hidden permutation", "must have length " + h, pi.length);
    }
    for (int l = 0; l < layout.layers(); l++) {
      int[] pi = perms[l];
      int[] inputPi = l > 0 ? perms[l - 1] : null;
      for (int k = 0; k < 2; k++) {
        int t = 4 * l + k;
        int[] colPi = k == 1 ? pi : inputPi;
        int cols = Math.toIntExact(layout.shape(t)[1]);
        int base = layout.offset(t);
        for (int row = 0; row < 4 * h; row++) {
          int sourceRow = (row / h) * h + pi[row % h];
          for (int col = 0; col < cols; col++) {
            int sourceCol = colPi == null ? col : colPi[col];
            map[base + row * cols + col] = base + sourceRow * cols + sourceCol;
          }
        }
      }
      for (int k = 2; k < 4; k++) {
        int base = layout.offset(4 * l + k);
        for (int row = 0; row < 4 * h; row++) {
          map[base + row] = base + (row / h) * h + pi[row % h];
        }
      }
    }
    int[] lastPi = perms[layout.layers() - 1];
    int base = layout.offset(layout.outputWeightIndex());
    for (int row = 0; row < layout.outputSize(); row++) {
      for (int col = 0; col < h; col++) {
        map[base + row * h + col] = base + row * h + lastPi[col];
      }
    }
    return map;
  }

  /** Applies an index map to one flat row. */
  public static float[] apply(float[] flatRow, int[] map) {
    InvalidInputException.require(
        flatRow.length == map.length,
        "flat weights",
        "must have length " + map.length,
        flatRow.length);
    float[] out = new float[map.length];
    for (int j = 0; j < map.length; j++) {
      out[j] = flatRow[map[j]];
    }
    return out;
  }
}
