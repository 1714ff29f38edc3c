package org.replearn.privacy.noisygd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.replearn.core.bench.Work;

/** The NoisyGD step's work counts against a hand count. */
class StepBenchmarkWorkTest {
  @Test
  void workOfATinyStepMatchesTheHandCount() {
    // n = 3, p = 4, K = 2: n p = 12, K p = 8, n K = 6
    // flops = 4 n p K + 2 n p + 6 n K + 3 K p = 96 + 24 + 36 + 24 = 180
    // bytes = 4 n p + 4 n + 12 K p = 48 + 12 + 96 = 156; exps = n K = 6; divisions = 2 n = 6
    assertEquals(new Work(180, 156, 6, 6), StepBenchmark.work(3, 4, 2));
  }

  @Test
  void theIssueSizeIsComputeBoundOnAnyMachineWithTwelveFlopsPerByte() {
    // n = 50,000, p = 768, K = 10: 1.54e9 flops for 1.54e8 bytes of features
    Work w = StepBenchmark.work(50_000, 768, 10);
    assertEquals(
        4.0 * 50_000 * 768 * 10 + 2.0 * 50_000 * 768 + 6.0 * 500_000 + 3.0 * 7680, w.flops());
    assertEquals(4.0 * 50_000 * 768 + 200_000 + 12.0 * 7680, w.bytesRead());
    assertEquals(500_000, w.exps());
  }
}
