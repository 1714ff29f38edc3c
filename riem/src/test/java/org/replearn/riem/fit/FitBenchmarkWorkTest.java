package org.replearn.riem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.replearn.core.bench.Work;
import org.replearn.riem.layer.RiemShape;

/** The RieM step's work counts against a hand count at a tiny size. */
class FitBenchmarkWorkTest {
  @Test
  void workOfATinyShapeMatchesTheHandCount() {
    // R = 2, C = 3, d = 2, m = 1: U = K m = 6, E = R C U = 36,
    // P = (R + C) d + U (d + 1) + m + 1 = 10 + 18 + 2 = 30
    RiemShape shape = new RiemShape(2, 3, 2, 1);
    assertEquals(30, shape.parameterCount());
    // flops = 6 (R + C) d U + 12 E + 5 R C + 13 P = 360 + 432 + 30 + 390
    // bytes = 4 R C + 16 P = 24 + 480; exps = (R + C) U = 30; divisions = E = 36
    assertEquals(new Work(1212, 504, 30, 36), FitBenchmark.work(shape));
  }

  @Test
  void sigmoidWorkDominatesAtTheIssueSize() {
    // 128 x 256, d = 52, m = 14: E = 128 * 256 * 84 = 2,752,512 sigmoids per step from
    // (128 + 256) * 84 = 32,256 exponentials
    Work w = FitBenchmark.work(new RiemShape(128, 256, 52, 14));
    assertEquals(32_256, w.exps());
    assertEquals(2_752_512, w.divisions());
    assertEquals(
        6.0 * 384 * 52 * 84 + 12.0 * 2_752_512 + 5.0 * 128 * 256 + 13.0 * 24_435, w.flops());
  }
}
