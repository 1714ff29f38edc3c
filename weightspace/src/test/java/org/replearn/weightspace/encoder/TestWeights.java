package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/** Random zoo-like weights and permutation helpers shared by the encoder tests. */
final class TestWeights {
  private TestWeights() {}

  /** B random flat rows, entries normal with std 0.5. */
  static float[][] randomRows(LstmSpec layout, int batch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] rows = new float[batch][layout.parameterCount()];
    for (float[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (0.5 * rng.nextGaussian());
      }
    }
    return rows;
  }

  /** Rows stacked into [B, P] of the given type. */
  static NDArray stack(NDManager manager, float[][] rows, DataType type) {
    int p = rows[0].length;
    float[] data = new float[rows.length * p];
    for (int b = 0; b < rows.length; b++) {
      System.arraycopy(rows[b], 0, data, b * p, p);
    }
    return manager.create(data, new Shape(rows.length, p)).toType(type, false);
  }

  /** Every row through the same coupled hidden-unit permutations. */
  static float[][] permute(LstmSpec spec, float[][] rows, int[][] perms) {
    float[][] out = new float[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      out[b] = HiddenPermutation.apply(spec, rows[b], perms);
    }
    return out;
  }

  /** Every row through the same flat index map, {@code out[j] = row[map[j]]}. */
  static float[][] remap(float[][] rows, int[] map) {
    float[][] out = new float[rows.length][map.length];
    for (int b = 0; b < rows.length; b++) {
      for (int j = 0; j < map.length; j++) {
        out[b][j] = rows[b][map[j]];
      }
    }
    return out;
  }

  /**
   * An uncoupled permutation: the rows of layer 0's W_ih (all gates) permuted, nothing else, which
   * changes the function the network computes.
   */
  static int[] uncoupledMap(LstmSpec layout, int[] pi) {
    int[] map = new int[layout.parameterCount()];
    for (int j = 0; j < map.length; j++) {
      map[j] = j;
    }
    int h = layout.hiddenSize();
    int cols = layout.inputSize();
    for (int row = 0; row < 4 * h; row++) {
      int source = (row / h) * h + pi[row % h];
      for (int col = 0; col < cols; col++) {
        map[row * cols + col] = source * cols + col;
      }
    }
    return map;
  }

  /** The permutation i -> (3 i + 1) mod H per layer (H not a multiple of 3). */
  static int[][] fixedShuffle(LstmSpec layout) {
    int[][] perms = new int[layout.layers()][layout.hiddenSize()];
    for (int[] p : perms) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (i * 3 + 1) % p.length;
      }
    }
    return perms;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
