package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.replearn.weightspace.encoder.HiddenPermutation;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * One batch of checkpoints with one rollout each, as arrays in a step's manager.
 *
 * @param weights flat weights [B, P]
 * @param inputs emulator inputs [B, T, X]
 * @param targets stored output distributions [B, T, Y]
 */
public record EmulationBatch(NDArray weights, NDArray inputs, NDArray targets) {

  /**
   * Gathers rows from {@code data}.
   *
   * @param rollouts the rollout used for each row
   * @param permutation if not null, hidden-unit permutations (one per layer) applied to every row
   */
  public static EmulationBatch of(
      EmulationData data, int[] rows, int[] rollouts, int[][] permutation, NDManager manager) {
    LstmSpec layout = data.layout();
    int b = rows.length;
    int p = layout.parameterCount();
    int t = data.steps();
    int x = layout.inputSize();
    int y = layout.outputSize();
    float[] w = new float[b * p];
    float[] in = new float[b * t * x];
    float[] out = new float[b * t * y];
    for (int i = 0; i < b; i++) {
      float[] row = data.weights(rows[i]);
      if (permutation != null) {
        row = HiddenPermutation.apply(layout, row, permutation);
      }
      System.arraycopy(row, 0, w, i * p, p);
      System.arraycopy(data.inputs(rows[i], rollouts[i]), 0, in, i * t * x, t * x);
      System.arraycopy(data.targets(rows[i], rollouts[i]), 0, out, i * t * y, t * y);
    }
    return new EmulationBatch(
        manager.create(w, new Shape(b, p)),
        manager.create(in, new Shape(b, t, x)),
        manager.create(out, new Shape(b, t, y)));
  }
}
