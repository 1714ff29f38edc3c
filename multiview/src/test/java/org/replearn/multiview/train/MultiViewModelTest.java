package org.replearn.multiview.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;

@Tag("engine")
class MultiViewModelTest {

  /**
   * The CNN and projector have 3 + 1 batch-norm layers: each adds a trainable scale and shift and
   * two running statistics. Only the trainable arrays go to the optimiser; the state holds all.
   * Scales and running variances start at 1 (a zero scale would cut the signal), shifts and means
   * at 0, so an untrained batch-norm layer in evaluation mode is the identity.
   */
  @Test
  void batchNormStatisticsAreStateButNotParameters() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MultiViewModel model =
          new MultiViewModel(
              Encoders.cnn(8),
              Encoders.projector(8, 4),
              manager,
              new long[] {1, 28, 28},
              new Seeds(1));
      List<NDArray> params = model.parameters();
      List<NDArray> state = model.state();
      // conv 2x(w, b) + linear (w, b) + projector 2 linears (w, b) = 10, plus 4 BN x (gamma, beta)
      assertEquals(18, params.size());
      assertEquals(18 + 4 * 2, state.size());
      int ones = 0;
      for (NDArray a : state) {
        if (a.getShape().dimension() == 1) {
          float[] v = a.toFloatArray();
          float first = v[0];
          float[] same = new float[v.length];
          java.util.Arrays.fill(same, first);
          assertArrayEquals(same, v, 0f);
          if (first == 1f) {
            ones++;
          }
        }
      }
      assertEquals(8, ones, "4 scales and 4 running variances start at 1");
    }
  }
}
