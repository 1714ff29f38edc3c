package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Exact match and per-group accuracy of a multi-hot target, on hand-made predictions. */
class GroupAccuracyTest {

  @Test
  void exactMatchAndEachGroupsAccuracy() {
    // two groups of sizes 2 and 3; three rows with classes (1, 0), (0, 2), (1, 1)
    DownstreamTarget target =
        new DownstreamTarget(
            "task",
            TargetKind.MULTI_HOT,
            new int[] {2, 3},
            new double[][] {{1, 0}, {0, 2}, {1, 1}});
    float[] predicted = {
      0, 1, 5, 0, 0, // row 0: group 1 -> 1 (right), group 2 -> 0 (right)
      1, 0, 0, 0, 9, // row 1: 0 (right), 2 (right)
      3, 1, 0, 0, 1 // row 2: 0 (wrong), 2 (wrong)
    };
    double[] scores =
        EmbeddingPredictor.scoreAll(target, new int[] {0, 1, 2}, predicted, new double[] {0, 1});
    assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0, 2 / 3.0}, scores, 1e-15);
    float[] mixed = {
      0, 1, 0, 5, 0, // row 0: right, wrong
      1, 0, 0, 0, 9, // row 1: right, right
      0, 1, 0, 1, 0 // row 2: right, right
    };
    assertArrayEquals(
        new double[] {2 / 3.0, 1.0, 2 / 3.0},
        EmbeddingPredictor.scoreAll(target, new int[] {0, 1, 2}, mixed, new double[] {0, 1}),
        1e-15);
  }
}
