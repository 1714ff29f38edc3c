package org.replearn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class GradientsTest {

  /**
   * d/dw sum(w^2) = 2w, once per backward when zeroed between steps (DJL would otherwise add up).
   */
  @Test
  void zeroingBetweenBackwardsGivesFreshGradients() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1, 2});
      w.setRequiresGradient(true);
      for (int step = 0; step < 3; step++) {
        try (NDManager scope = manager.newSubManager()) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(w).sum());
          }
          List<NDArray> g = Gradients.of(List.of(w), scope);
          assertArrayEquals(new float[] {2, 4}, g.get(0).toFloatArray(), 0f);
          Gradients.zero(g);
        }
      }
    }
  }
}
