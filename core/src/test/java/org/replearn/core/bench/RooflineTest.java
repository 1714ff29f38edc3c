package org.replearn.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Roofline arithmetic against hand-computed values. */
class RooflineTest {
  private static MachineRoofline.ThreadFigure figure(int threads, double gbps, double gflops) {
    double div = gflops / 20;
    return new MachineRoofline.ThreadFigure(
        threads, gbps, Spread.of(gbps), gflops, Spread.of(gflops), div, Spread.of(div));
  }

  /**
   * 1 thread: 10 GB/s, 100 GFLOP/s and 5e9 divisions/s; 2 threads: 16 GB/s, 200 GFLOP/s and 1e10
   * divisions/s.
   */
  static MachineRoofline machine() {
    return new MachineRoofline(
        "test CPU",
        256,
        8,
        2,
        32 << 20,
        256 << 20,
        0.5,
        List.of(figure(1, 10, 100), figure(2, 16, 200)));
  }

  @ParameterizedTest(name = "{4} bound on {3} thread(s)")
  @CsvSource({
    // 2e9 flops / 100e9 = 0.02 s against 1e8 bytes / 10e9 = 0.01 s; measured 0.08 s
    "2e9, 1e8, 0.08, 1, compute, 0.02, 0.25",
    // 1e9 flops / 200e9 = 0.005 s against 3.2e8 bytes / 16e9 = 0.02 s; measured 0.05 s
    "1e9, 3.2e8, 0.05, 2, memory, 0.02, 0.4"
  })
  void boundIsTheSlowerOfComputeAndMemory(
      double flops,
      double bytes,
      double measured,
      int threads,
      String bound,
      double boundSeconds,
      double fraction) {
    Roofline r = Roofline.of(new Work(flops, bytes, 0), measured, machine(), threads);
    assertEquals(boundSeconds, r.boundSeconds(), 1e-15);
    assertEquals(bound, r.bound());
    assertEquals(fraction, r.fractionOfRoofline(), 1e-12);
    assertEquals(flops / bytes, r.arithmeticIntensity(), 1e-12);
    assertEquals(threads, r.machineThreads());
  }

  @Test
  void exponentialsCountAtTheirFlopCost() {
    // 1e9 flops + 24 x 1e8 exps = 3.4e9 -> 0.034 s on one thread; measured 0.1 s
    Work w = new Work(1e9, 1e3, 1e8);
    assertEquals(3.4e9, w.flopsWithExps(), 1);
    Roofline r = Roofline.of(w, 0.1, machine(), 1);
    assertEquals(0.034, r.boundSeconds(), 1e-12);
    assertEquals(0.34, r.fractionOfRoofline(), 1e-10);
  }

  @ParameterizedTest(name = "{0} divisions: ceiling {2}")
  @CsvSource({
    // 2e9 flops / 100e9 = 0.02 s; 5e7 divisions / 5e9 = 0.01 s, within the bound: ceiling 1
    "5e7, 0.01, 1",
    // 2e8 divisions / 5e9 = 0.04 s, twice the bound: no kernel passes 0.02 / 0.04 = 0.5
    "2e8, 0.04, 0.5",
    // none: 0 s
    "0, 0, 1"
  })
  void divisionsCapTheFractionWhenTheyOutlastTheBound(
      double divisions, double divisionSeconds, double ceiling) {
    Roofline r = Roofline.of(new Work(2e9, 1e8, 0, divisions), 0.08, machine(), 1);
    assertEquals(0.02, r.boundSeconds(), 1e-15);
    assertEquals(0.25, r.fractionOfRoofline(), 1e-12);
    assertEquals(divisions, r.divisions());
    assertEquals(divisionSeconds, r.divisionSeconds(), 1e-15);
    assertEquals(ceiling, r.fractionCeiling(), 1e-12);
  }

  @Test
  void threadCountsPickTheLargestMeasuredFigureNotAboveThem() {
    MachineRoofline m = machine();
    assertEquals(1, m.figureFor(1).threads());
    assertEquals(2, m.figureFor(2).threads());
    assertEquals(2, m.figureFor(8).threads());
    MachineRoofline onlyTwo =
        new MachineRoofline("x", 256, 8, 2, 0, 1 << 20, 0, List.of(figure(2, 16, 200)));
    assertEquals(2, onlyTwo.figureFor(1).threads());
  }

  @Test
  void workAddsAndScales() {
    Work w = new Work(10, 20, 3, 4).plus(new Work(1, 2, 1)).times(2);
    assertEquals(new Work(22, 44, 8, 8), w);
    assertEquals(new Work(1, 2, 3, 0), new Work(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> new Work(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Work(0, 0, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> new Work(Double.NaN, 0, 0));
  }

  @Test
  void spreadIsMinMedianMaxAndInvertsToRates() {
    assertEquals(new Spread(1, 2, 3, 3), Spread.of(3, 1, 2));
    assertEquals(new Spread(1, 2.5, 4, 4), Spread.of(4, 1, 3, 2));
    // seconds 0.5 / 1 / 2 of a 10-unit step: rates 5 / 10 / 20
    assertEquals(new Spread(5, 10, 20, 3), Spread.of(0.5, 1, 2).inverse(10));
  }
}
