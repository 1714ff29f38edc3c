package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.train.Gradients;

/** Test helper: the gradients of a backward pass as Java arrays, each checked to be finite. */
public final class FiniteGradients {
  private FiniteGradients() {}

  /** Copies {@code grads} out (failing on any non-finite entry), then zeroes them. */
  public static List<float[]> copyAndZero(List<NDArray> grads) {
    List<float[]> copies = new ArrayList<>();
    for (NDArray g : grads) {
      float[] values = g.toFloatArray();
      for (float v : values) {
        assertTrue(Float.isFinite(v), "non-finite gradient");
      }
      copies.add(values);
    }
    Gradients.zero(grads);
    return copies;
  }
}
