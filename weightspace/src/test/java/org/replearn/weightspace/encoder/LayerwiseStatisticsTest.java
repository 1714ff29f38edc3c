package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LayerwiseStatisticsTest {

  @Test
  void statisticsMatchTorchMeanVarAndQuantile() {
    // torch.mean, torch.var (unbiased) and torch.quantile(..., [0, .25, .5, .75, 1]) (linear
    // interpolation) of [4, 1, 3, 2]: 2.5, 5/3, then 1, 1.75, 2.5, 3.25, 4.
    double[] out = new double[7];
    LayerwiseStatisticsEncoder.statistics(new double[] {4, 1, 3, 2}, out, 0);
    assertArrayEquals(new double[] {2.5, 5.0 / 3, 1, 1.75, 2.5, 3.25, 4}, out, 1e-12);
  }
}
