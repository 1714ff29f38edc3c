package org.replearn.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class LearningRateScheduleTest {

  @Test
  void zooRecipeAtKnotsMidpointsAndBeyond() {
    // the RNN zoo recipe: 0.01 -> 0.003 at update 10000 -> 0.0003 at 20000, constant after
    LearningRateSchedule s =
        LearningRateSchedule.piecewiseLinear(
            new long[] {0, 10_000, 20_000}, new double[] {0.01, 0.003, 0.0003});
    assertEquals(0.01, s.at(0), 1e-15);
    assertEquals((0.01 + 0.003) / 2, s.at(5_000), 1e-15);
    assertEquals(0.01 - 0.007 * 0.25, s.at(2_500), 1e-15);
    assertEquals(0.003, s.at(10_000), 1e-15);
    assertEquals((0.003 + 0.0003) / 2, s.at(15_000), 1e-15);
    assertEquals(0.0003, s.at(20_000), 1e-15);
    assertEquals(0.0003, s.at(1_000_000), 1e-15);
    assertEquals(0.01 - 0.007 / 10_000, s.at(1), 1e-15);
  }

  @Test
  void constantBeforeTheFirstKnot() {
    LearningRateSchedule s =
        LearningRateSchedule.piecewiseLinear(new long[] {100, 200}, new double[] {1.0, 0.0});
    assertEquals(1.0, s.at(0));
    assertEquals(0.5, s.at(150), 1e-15);
    assertEquals(0.0, s.at(300));
  }

  @Test
  void warmupThenCosine() {
    LearningRateSchedule s = LearningRateSchedule.warmupCosine(10, 110, 1.0, 0.1);
    assertEquals(0.1, s.at(0), 1e-15, "(step + 1) / warmup");
    assertEquals(1.0, s.at(9), 1e-15);
    assertEquals(1.0, s.at(10), 1e-15);
    assertEquals(0.55, s.at(60), 1e-15, "half way: (peak + floor) / 2");
    assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.25)), s.at(35), 1e-15);
    assertEquals(0.1, s.at(110), 1e-15);
    assertEquals(0.1, s.at(500), 1e-15);
    assertEquals(1.0, LearningRateSchedule.warmupCosine(0, 10, 1.0, 0).at(0), 1e-15);
  }

  @Test
  void badSettingsAreNamed() {
    assertEquals(
        "learning rate must be > 0, found -1.0",
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.constant(-1))
            .getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> LearningRateSchedule.piecewiseLinear(new long[] {0, 0}, new double[] {1, 1}));
    assertThrows(
        InvalidInputException.class,
        () -> LearningRateSchedule.piecewiseLinear(new long[] {0}, new double[] {1, 1}));
    assertThrows(
        InvalidInputException.class,
        () -> LearningRateSchedule.piecewiseLinear(new long[] {0, 5}, new double[] {1, -1}));
    assertThrows(
        InvalidInputException.class, () -> LearningRateSchedule.warmupCosine(10, 10, 1, 0));
    assertThrows(InvalidInputException.class, () -> LearningRateSchedule.warmupCosine(0, 10, 1, 2));
  }
}
