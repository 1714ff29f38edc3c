package org.replearn.riem.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class RiemShapeTest {

  @Test
  void parameterCountMatchesTheSpecWorkedExample() {
    // the worked example of the official notebook (ResNet50_to_RieM-8bits.ipynb):
    // 128*52 + 256*52 + 6*(52*14 + 14) + 15 = 24,435
    RiemShape s = new RiemShape(128, 256, 52, 14);
    assertEquals(24_435, s.parameterCount());
    assertEquals(32_768, s.denseParameters());
    assertEquals(19_968, s.stateParameters());
    assertEquals(4_467, s.metricParameters());
  }

  @Test
  void shiftsAreFloorOfKdOverSix() {
    RiemShape s = new RiemShape(2, 3, 52, 14);
    int[] shifts = new int[6];
    for (int k = 0; k < 6; k++) {
      shifts[k] = s.shift(k);
    }
    assertArrayEquals(new int[] {0, 8, 17, 26, 34, 43}, shifts);
  }

  @Test
  void layoutIsContiguousAndEndsAtTheCount() {
    RiemShape s = new RiemShape(5, 7, 4, 3);
    assertEquals(5 * 4, s.offsetQ());
    assertEquals(s.offsetQ() + 7 * 4, s.offsetA());
    assertEquals(s.offsetA() + 6 * 3 * 4, s.offsetC());
    assertEquals(s.offsetC() + 18, s.offsetW());
    assertEquals(s.parameterCount() - 1, s.offsetB());
  }

  @Test
  void paperCountingAtEightBitsGivesTheNotebookRatio() {
    // the notebook's 8-bit ratio: 8/32 * 24435/32768 = 0.1864; SVD r=64: 24,640 params, 0.188
    RiemShape s = new RiemShape(128, 256, 52, 14);
    double riem = StorageAccounting.ratio(StorageAccounting.PAPER.riemBits(s, 8), 128, 256);
    double svd =
        StorageAccounting.ratio(StorageAccounting.PAPER.svdBits(128, 256, 64, 8), 128, 256);
    assertEquals(0.1864, riem, 5e-5);
    assertEquals(0.188, svd, 5e-4);
    // the honest count keeps the metric MLP in float32 and adds the scales
    long honest = StorageAccounting.HONEST.riemBits(s, 8);
    assertEquals(19_968L * 8 + 4 * 52 * 32 + 4_467L * 32, honest);
  }

  @Test
  void rejectsNonPositiveSizes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new RiemShape(4, 4, 0, 3));
    assertEquals("state dim d must be > 0, found 0", e.getMessage());
  }
}
