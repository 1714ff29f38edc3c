package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class EmulationLossTest {

  @Test
  void identicalDistributionsHaveZeroLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.randomNormal(new Shape(3, 5, 6));
      NDArray p = logits.softmax(2);
      for (EmulationLoss loss : EmulationLoss.values()) {
        assertArrayEquals(
            new float[3], loss.perModel(logits, p).toFloatArray(), 1e-6f, loss.name());
      }
    }
  }

  @Test
  void lossesMatchClosedForms() {
    // one step, Y = 2: emulator logits (0, 0) so q = (1/2, 1/2); target p = (0.9, 0.1)
    // TV = 1/2 (|0.9 - 0.5| + |0.1 - 0.5|) = 0.4
    // official kl_reverse = mean over classes of q (log q - log p)
    //   = 1/2 * [0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1)]
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.zeros(new Shape(1, 1, 2));
      NDArray p = manager.create(new float[] {0.9f, 0.1f}, new Shape(1, 1, 2));
      assertEquals(0.4, EmulationLoss.TOTAL_VARIATION.perModel(logits, p).getFloat(), 1e-6);
      double kl = 0.5 * (0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1));
      assertEquals(kl, EmulationLoss.REVERSE_KL.perModel(logits, p).getFloat(), 1e-6);
    }
  }

  @Test
  void emulatorHasTheOfficialParameterCount() {
    try (NDManager manager = NDManager.newBaseManager();
        Emulator fl = Emulator.official(manager, new SplittableRandom(0), 6, 6);
        Emulator mnist = Emulator.official(manager, new SplittableRandom(0), 16, 10)) {
      assertEquals(1_060_358, fl.parameters().count());
      assertEquals(1_063_946, mnist.parameters().count());
    }
  }
}
