package org.replearn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

/** clip_grad_norm_ semantics checked by hand: norm of the concatenation, coefficient, in place. */
@Tag("engine")
class GradientClippingTest {

  @Test
  void scalesByMaxNormOverGlobalNormWhenAbove() {
    try (NDManager m = NDManager.newBaseManager()) {
      // ||(3, 4)||^2 + ||(12)||^2 = 25 + 144 = 169, norm 13
      NDArray a = m.create(new double[] {3, 4});
      NDArray b = m.create(new double[] {12}, new Shape(1, 1));
      double norm = GradientClipping.clipByGlobalNorm(List.of(a, b), 6.5);
      assertEquals(13.0, norm, 1e-12);
      double c = 6.5 / (13 + 1e-6);
      assertArrayEquals(new double[] {3 * c, 4 * c}, a.toDoubleArray(), 1e-12);
      assertArrayEquals(new double[] {12 * c}, b.toDoubleArray(), 1e-12);
      assertEquals(6.5, Math.hypot(Math.hypot(3 * c, 4 * c), 12 * c), 1e-6, "new norm is maxNorm");
    }
  }

  @Test
  void leavesGradientsBelowTheLimitUntouchedAndLeaksNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.3f, -0.4f});
      int before = m.getManagedArrays().size();
      assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(a), 1.0), 1e-7);
      assertArrayEquals(new float[] {0.3f, -0.4f}, a.toFloatArray());
      assertEquals(before, m.getManagedArrays().size(), "temporaries are closed");
      // exactly at the limit torch still scales by maxNorm / (norm + 1e-6) < 1
      GradientClipping.clipByGlobalNorm(List.of(a), 0.5);
      assertArrayEquals(
          new float[] {(float) (0.3 * 0.5 / 0.500001), (float) (-0.4 * 0.5 / 0.500001)},
          a.toFloatArray(),
          1e-7f);
    }
  }

  @Test
  void refusesNonPositiveLimit() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> GradientClipping.clipByGlobalNorm(List.of(), 0));
    assertEquals("max gradient norm must be > 0, found 0.0", e.getMessage());
    assertEquals(0, GradientClipping.clipByGlobalNorm(List.of(), 1));
  }
}
