package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/** Unit-norm embeddings of every zoo row by a trained encoder, computed in batches. */
public final class FrozenEmbeddings {
  private FrozenEmbeddings() {}

  /**
   * @param batch rows per encoder call
   * @return [rows][embedding size]
   */
  public static float[][] compute(
      WeightEncoder encoder, EmulationData data, int batch, NDManager manager) {
    LstmSpec layout = data.layout();
    int n = data.rowCount();
    int p = layout.parameterCount();
    float[][] out = new float[n][];
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      float[] flat = new float[(to - from) * p];
      for (int r = from; r < to; r++) {
        System.arraycopy(data.weights(r), 0, flat, (r - from) * p, p);
      }
      try (NDManager scope = manager.newSubManager()) {
        NDArray rows = scope.create(flat, new Shape(to - from, p));
        float[] z = Encoders.embed(encoder, layout, rows);
        int d = z.length / (to - from);
        for (int r = from; r < to; r++) {
          out[r] = java.util.Arrays.copyOfRange(z, (r - from) * d, (r - from + 1) * d);
        }
      }
    }
    return out;
  }
}
