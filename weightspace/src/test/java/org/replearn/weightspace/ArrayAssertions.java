package org.replearn.weightspace;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on float arrays shared by the weight-space tests. */
public final class ArrayAssertions {
  private ArrayAssertions() {}

  /**
   * ||actual - expected|| <= 1e-5 ||expected|| (Euclidean norms), and the reference is not all
   * zeros.
   */
  public static void assertClose(float[] expected, float[] actual, String what) {
    double norm = 0;
    double difference = 0;
    for (int i = 0; i < expected.length; i++) {
      norm += (double) expected[i] * expected[i];
      double d = (double) actual[i] - expected[i];
      difference += d * d;
    }
    assertTrue(norm > 0, what + ": the reference is all zeros");
    assertTrue(
        Math.sqrt(difference) <= 1e-5 * Math.sqrt(norm),
        what + ": relative difference " + Math.sqrt(difference / norm));
  }
}
