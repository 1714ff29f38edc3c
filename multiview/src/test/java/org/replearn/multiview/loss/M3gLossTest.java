package org.replearn.multiview.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.multiview.ot.MultiMarginalSinkhorn;
import org.replearn.multiview.ot.Precision;

class M3gLossTest {

  private static M3gLoss tight(double eps) {
    return new M3gLoss(
        M3gLoss.Config.defaults()
            .withEpsilon(eps)
            .withSolver(
                MultiMarginalSinkhorn.Config.builder()
                    .optPrecision(Precision.FLOAT64)
                    .optThreshold(1e-12)
                    .optMaxIterations(200_000)
                    .build()));
  }

  static double[][][] random(SplittableRandom rng, int k, int n, int d) {
    double[][][] x = new double[k][n][d];
    for (double[][] v : x) {
      for (double[] row : v) {
        for (int c = 0; c < d; c++) {
          row[c] = rng.nextGaussian();
        }
      }
    }
    return x;
  }

  /** Spec vector B: C = 0 (every row the same unit vector) gives M3G = eps (k-1) log n. */
  @Test
  void vectorBConstantCost() {
    assertEquals(0.554517744448, constantViews(4, 3, 0.2), 1e-8);
    assertEquals(2.197224577336, constantViews(3, 5, 0.5), 1e-8);
  }

  private static double constantViews(int n, int k, double eps) {
    double[][][] x = new double[k][n][];
    for (double[][] v : x) {
      for (int i = 0; i < n; i++) {
        v[i] = new double[] {0.6, 0.8};
      }
    }
    return tight(eps).evaluate(x, false).value();
  }

  @Test
  void nonNegativeOnRandomViews() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int trial = 0; trial < 5; trial++) {
      int k = 2 + trial % 3;
      M3gLoss.Evaluation e = tight(0.05).evaluate(random(rng, k, 6, 4), false);
      assertTrue(e.value() >= -1e-12, "M3G " + e.value());
      assertTrue(e.solve().converged());
    }
  }

  /** Identical views: M3G -> 0 and the plan concentrates on the true tuples as eps -> 0. */
  @Test
  void identicalViewsGapVanishesAsEpsilonShrinks() {
    SplittableRandom rng = new SplittableRandom(2);
    double[][] base = random(rng, 1, 8, 5)[0];
    double[][][] x = {base, base, base};
    double previous = Double.POSITIVE_INFINITY;
    double last = 0;
    for (double eps : new double[] {0.2, 0.05, 0.01, 0.002}) {
      M3gLoss.Evaluation e = tight(eps).evaluate(x, false);
      assertTrue(e.value() >= -1e-12 && e.value() < previous, eps + ": " + e.value());
      previous = e.value();
      last = e.diagonalMass();
      assertEquals(0, e.groundTruthCost(), 1e-15);
    }
    assertTrue(previous < 1e-6, "M3G at eps=0.002: " + previous);
    assertEquals(1, last, 1e-6);
  }

  /** The envelope-theorem gradient (through normalisation) equals central finite differences. */
  @Test
  void gradientMatchesCentralFiniteDifferences() {
    for (M3gLoss.Cost cost : M3gLoss.Cost.values()) {
      SplittableRandom rng = new SplittableRandom(4);
      double[][][] x = random(rng, 3, 4, 3);
      M3gLoss loss = new M3gLoss(tight(0.1).config().withCost(cost));
      double[][][] g = loss.evaluate(x, true).inputGradient();
      double h = 1e-5;
      for (int l = 0; l < 3; l++) {
        for (int i = 0; i < 4; i++) {
          for (int c = 0; c < 3; c++) {
            double keep = x[l][i][c];
            x[l][i][c] = keep + h;
            double up = loss.evaluate(x, false).value();
            x[l][i][c] = keep - h;
            double down = loss.evaluate(x, false).value();
            x[l][i][c] = keep;
            assertEquals(
                (up - down) / (2 * h), g[l][i][c], 1e-7, cost + " " + l + "," + i + "," + c);
          }
        }
      }
    }
  }

  /** Without normalisation, the gradient with respect to the rows is the cost gradient. */
  @Test
  void unnormalisedGradientIsCostGradient() {
    double[][][] x = random(new SplittableRandom(9), 2, 3, 2);
    M3gLoss.Evaluation e = new M3gLoss(tight(0.3).config().withNormalize(false)).evaluate(x, true);
    for (int l = 0; l < 2; l++) {
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(e.costGradient()[l][i], e.inputGradient()[l][i], 0);
        assertArrayEquals(x[l][i], e.points()[l][i], 0);
      }
    }
    assertTrue(Arrays.stream(e.points()[0][0]).map(Math::abs).sum() > 0);
  }
}
