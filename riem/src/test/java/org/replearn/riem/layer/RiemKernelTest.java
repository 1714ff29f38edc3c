package org.replearn.riem.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RiemKernelTest {

  /** Random parameters: states U[0,1), metric weights U(-1/sqrt(d), 1/sqrt(d)). */
  static float[] randomParameters(RiemShape s, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] p = new float[s.parameterCount()];
    for (int i = 0; i < s.offsetA(); i++) {
      p[i] = (float) rng.nextDouble();
    }
    double bound = 1 / Math.sqrt(s.stateDim());
    for (int i = s.offsetA(); i < p.length; i++) {
      p[i] = (float) rng.nextDouble(-bound, bound);
    }
    return p;
  }

  static float[] randomMatrix(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) rng.nextDouble(-1, 1);
    }
    return w;
  }

  @Test
  void reconstructionEqualsTheDefinition() {
    // 19 columns: not a multiple of the vector length, so the padding is exercised
    RiemShape s = new RiemShape(6, 19, 13, 5);
    float[] p = randomParameters(s, 1);
    assertReconstructionMatchesNaive(s, p, 2e-5);
  }

  @Test
  void gradientEqualsCentralFiniteDifferences() {
    RiemShape s = new RiemShape(5, 7, 8, 3);
    float[] p = randomParameters(s, 2);
    float[] target = randomMatrix(s.rows() * s.cols(), 3);
    float[] grad = new float[p.length];
    double loss;
    try (RiemKernel kernel = new RiemKernel(s, target, 1)) {
      loss = kernel.lossAndGradient(p, grad);
    }
    double[] pd = NaiveRiem.toDouble(p);
    assertEquals(NaiveRiem.loss(s, pd, target), loss, 1e-4 * loss);
    double h = 1e-5;
    for (int i = 0; i < p.length; i++) {
      double keep = pd[i];
      pd[i] = keep + h;
      double up = NaiveRiem.loss(s, pd, target);
      pd[i] = keep - h;
      double down = NaiveRiem.loss(s, pd, target);
      pd[i] = keep;
      double fd = (up - down) / (2 * h);
      assertEquals(fd, grad[i], 1e-3 * Math.max(1, Math.abs(fd)), "parameter " + i);
    }
  }

  @Test
  void threadsGiveTheSameResultAsOneThread() {
    RiemShape s = new RiemShape(33, 40, 12, 4);
    float[] p = randomParameters(s, 4);
    float[] target = randomMatrix(s.rows() * s.cols(), 5);
    float[] g1 = new float[p.length];
    float[] g3 = new float[p.length];
    double l1;
    double l3;
    try (RiemKernel one = new RiemKernel(s, target, 1);
        RiemKernel three = new RiemKernel(s, target, 3)) {
      l1 = one.lossAndGradient(p, g1);
      l3 = three.lossAndGradient(p, g3);
      assertArrayEquals(one.reconstruct(p), three.reconstruct(p), 0f);
    }
    assertEquals(l1, l3, 1e-9 * l1);
    for (int i = 0; i < p.length; i++) {
      assertEquals(g1[i], g3[i], 1e-4 * Math.max(1, Math.abs(g1[i])), "parameter " + i);
    }
  }

  @Test
  void saturatedFactorsTakeTheEntrywisePathAndMatchTheDefinition() {
    // alpha = c = 120 for every unit, beta = -(118 + j / 10): every z = alpha + beta is small,
    // but e^-alpha and e^-beta leave the float range, so a factored row would clamp both and
    // compute sigmoid(0) instead of sigmoid(2 - j / 10). Rows 1 and 3 have alpha = 0 (P A^T =
    // -120 cancels c), so their sigmoids saturate at e^-118.
    RiemShape s = new RiemShape(4, 11, 4, 2);
    float[] p = new float[s.parameterCount()];
    for (int k = s.offsetA(); k < s.offsetC(); k++) {
      p[k] = 1f; // A = 1: alpha_i = c + sum_t P[i][t], beta_j = sum_t Q[j][t]
    }
    for (int k = s.offsetC(); k < s.offsetW(); k++) {
      p[k] = 120f;
    }
    for (int i : new int[] {1, 3}) {
      for (int t = 0; t < s.stateDim(); t++) {
        p[s.offsetP() + i * s.stateDim() + t] = -30f; // alpha = 120 - 4 * 30 = 0
      }
    }
    for (int j = 0; j < s.cols(); j++) {
      for (int t = 0; t < s.stateDim(); t++) {
        p[s.offsetQ() + j * s.stateDim() + t] = -(118f + j / 10f) / s.stateDim();
      }
    }
    for (int k = s.offsetW(); k < s.offsetB(); k++) {
      p[k] = 1f;
    }
    assertReconstructionMatchesNaive(s, p, 1e-4);
  }

  /**
   * Every entry of the kernel's reconstruction equals {@link NaiveRiem#entry} within {@code tol}.
   */
  private static void assertReconstructionMatchesNaive(RiemShape s, float[] p, double tol) {
    double[] pd = NaiveRiem.toDouble(p);
    try (RiemKernel kernel = new RiemKernel(s, null, 2)) {
      float[] w = kernel.reconstruct(p);
      for (int i = 0; i < s.rows(); i++) {
        for (int j = 0; j < s.cols(); j++) {
          assertEquals(NaiveRiem.entry(s, pd, i, j), w[i * s.cols() + j], tol, i + "," + j);
        }
      }
    }
  }
}
