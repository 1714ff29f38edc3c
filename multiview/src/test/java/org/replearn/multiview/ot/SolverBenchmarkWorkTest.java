package org.replearn.multiview.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Sinkhorn sweep's work counts against a hand count. */
class SolverBenchmarkWorkTest {
  @Test
  void workOfATinySweepMatchesTheHandCount() {
    // n = 2, k = 3: N = 8 entries; passes = k + 1/10 = 3.1 (3 updates, an error check every 10)
    // flops = 5 N passes = 124; exps = N passes = 24.8; bytes = 4 N passes = 99.2 (float32)
    var w = SolverBenchmark.work(2, 3, Precision.FLOAT32, 10);
    assertEquals(124, w.flops(), 1e-9);
    assertEquals(24.8, w.exps(), 1e-9);
    assertEquals(99.2, w.bytesRead(), 1e-9);
    assertEquals(198.4, SolverBenchmark.work(2, 3, Precision.FLOAT64, 10).bytesRead(), 1e-9);
    // an error check every sweep: passes = 4
    assertEquals(32, SolverBenchmark.work(2, 3, Precision.FLOAT32, 1).exps(), 1e-12);
  }
}
