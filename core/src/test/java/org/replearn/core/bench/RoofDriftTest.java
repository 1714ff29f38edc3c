package org.replearn.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

/** The drift arithmetic against hand-computed changes. */
class RoofDriftTest {
  private static MachineRoofline machine(double... threadFmaRead) {
    List<MachineRoofline.ThreadFigure> figures = new java.util.ArrayList<>();
    for (int i = 0; i < threadFmaRead.length; i += 3) {
      double fma = threadFmaRead[i + 1];
      double read = threadFmaRead[i + 2];
      figures.add(
          new MachineRoofline.ThreadFigure(
              (int) threadFmaRead[i],
              read,
              new Spread(read, read, read, 1),
              fma,
              new Spread(fma, fma, fma, 1),
              fma / 20,
              new Spread(fma / 20, fma / 20, fma / 20, 1)));
    }
    return new MachineRoofline("test", 256, 8, 2, 1 << 25, 1 << 28, 0, figures);
  }

  @Test
  void largestChangeIsOverAllFiguresRelativeToTheLarger() {
    // 1 thread: FMA 80 -> 60 (0.25), read 10 -> 11 (1/11); 2 threads: FMA 160 -> 150 (1/16)
    RoofDrift d = RoofDrift.between(machine(1, 80, 10, 2, 160, 17), machine(1, 60, 11, 2, 150, 17));
    assertEquals(2, d.figures().size());
    assertEquals(0.25, d.largestChange(), 1e-15);
    assertFalse(d.stable());
    assertEquals(new RoofDrift.Figure(2, 160, 150, 17, 17), d.figures().get(1));
  }

  @Test
  void changesWithinTheToleranceAreStable() {
    // FMA 100 -> 115: 15 / 115 = 0.1304 <= 0.15
    RoofDrift d = RoofDrift.between(machine(2, 100, 17), machine(2, 115, 17));
    assertEquals(15.0 / 115, d.largestChange(), 1e-15);
    assertTrue(d.stable());
  }

  @Test
  void onlyThreadCountsMeasuredBothTimesCount() {
    RoofDrift d = RoofDrift.between(machine(1, 50, 10, 2, 100, 17), machine(2, 50, 17));
    assertEquals(1, d.figures().size());
    assertEquals(0.5, d.largestChange(), 1e-15);
    assertThrows(
        InvalidInputException.class,
        () -> RoofDrift.between(machine(1, 50, 10), machine(2, 50, 17)));
  }
}
