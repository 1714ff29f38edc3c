package org.replearn.multiview.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

/**
 * Deterministic reference vectors A, B, C, E computed in float64 with ott-jax's own {@code
 * MMSinkhorn} ({@code ott/experimental/mmsinkhorn.py}, Algorithm 1 of Piran et al. 2024, under jax
 * 0.10.2 with x64) and with a numpy port of it, a naive re-implementation of that algorithm's
 * sweep, and invariants.
 */
class MultiMarginalSinkhornTest {

  private static final double TOL = 1e-8;

  private static MultiMarginalSinkhorn solver(double threshold, int maxIterations) {
    return new MultiMarginalSinkhorn(
        MultiMarginalSinkhorn.Config.builder()
            .optThreshold(threshold)
            .optMaxIterations(maxIterations)
            .build());
  }

  /** Three views of the points 1 and -1 with the squared Euclidean cost, solved at {@code eps}. */
  private static MultiMarginalOutput vectorA(double eps) {
    double[][] pts = {{1}, {-1}};
    MultiMarginalProblem p =
        MultiMarginalProblem.ofPoints(new double[][][] {pts, pts, pts}, PairwiseCost.sqEuclidean());
    return new MultiMarginalSinkhorn().solve(p, eps);
  }

  @Test
  void vectorAAnalyticPlanAtEpsilon4() {
    MultiMarginalOutput out = vectorA(4.0);
    assertEquals(0.355617297114, out.coupling().entry(0, 0, 0), 1e-11);
    assertEquals(0.048127567629, out.coupling().entry(0, 0, 1), 1e-11);
    assertEquals(-4.135600537892, out.entRegCost(), 1e-11);
    // closed form: P_iii = 1 / (2 + 6 e^{-8/eps})
    double e = Math.exp(-8 / 4.0);
    assertEquals(1 / (2 + 6 * e), out.coupling().entry(1, 1, 1), 1e-14);
    assertEquals(10, out.iterations());
    assertTrue(out.converged());
    double[][] f = out.potentials();
    assertArrayEquals(new double[] {-4.1356005379, -4.1356005379}, f[0], 1e-10);
    assertArrayEquals(new double[] {0, 0}, f[1], 1e-12);
    assertArrayEquals(new double[] {0, 0}, f[2], 1e-12);
  }

  @Test
  void vectorAAtEpsilon1() {
    MultiMarginalOutput out = vectorA(1.0);
    assertEquals(0.499497311957, out.coupling().entry(0, 0, 0), 1e-11);
    assertEquals(-0.694153062375, out.entRegCost(), 1e-11);
  }

  @Test
  void vectorBZeroCost() {
    assertEquals(-0.831776616672, zeroCostOt(4, 3, 0.2), TOL);
    assertEquals(-2.746530721670, zeroCostOt(3, 5, 0.5), TOL);
  }

  private static double zeroCostOt(int n, int k, double eps) {
    int[] shape = new int[k];
    java.util.Arrays.fill(shape, n);
    double[][][] pairs = new double[k * (k - 1) / 2][n][n];
    MultiMarginalOutput out =
        new MultiMarginalSinkhorn().solve(MultiMarginalProblem.ofPairCosts(shape, pairs), eps);
    assertEquals(-eps * k * Math.log(n), out.entRegCost(), 1e-12);
    return out.entRegCost();
  }

  @Test
  void vectorCSeparableCost() {
    double[] g1 = {.3, 1, -.2};
    double[] g2 = {2, 0, .5};
    double[] g3 = {.1, .1, .7};
    double[][] d01 = new double[3][3];
    double[][] d02 = new double[3][3];
    double[][] d12 = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        d01[i][j] = g1[i] + g2[j];
        d02[i][j] = g3[j];
      }
    }
    MultiMarginalProblem p =
        MultiMarginalProblem.ofPairCosts(new int[] {3, 3, 3}, new double[][][] {d01, d02, d12});
    MultiMarginalOutput out = solver(1e-12, 2000).solve(p, 0.3);
    assertEquals(0.511248940199, out.entRegCost(), TOL);
  }

  @Test
  void vectorEIsClassicSinkhornValue() {
    double[][] x = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    double[][] y = {{.2, .1}, {.8, .3}, {.1, .9}, {1.2, 1.1}};
    MultiMarginalOutput out =
        solver(1e-12, 100_000)
            .solve(
                MultiMarginalProblem.ofPoints(new double[][][] {x, y}, PairwiseCost.sqEuclidean()),
                0.1);
    assertEquals(-0.076288994480, out.entRegCost(), TOL);
    assertTrue(out.converged());
  }

  /** k = 2 against the textbook u/v scaling Sinkhorn, written here independently. */
  @Test
  void twoMarginalsEqualClassicSinkhorn() {
    SplittableRandom rng = new SplittableRandom(7);
    double[][] x = randomPoints(rng, 5, 3);
    double[][] y = randomPoints(rng, 7, 3);
    double[] a = randomWeights(rng, 5);
    double[] b = randomWeights(rng, 7);
    double eps = 0.4;
    double[][] c = PairwiseCost.sqEuclidean().matrix(x, y);
    double[][] kernel = new double[5][7];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 7; j++) {
        kernel[i][j] = Math.exp(-c[i][j] / eps);
      }
    }
    double[] u = new double[5];
    double[] v = new double[7];
    java.util.Arrays.fill(v, 1);
    for (int it = 0; it < 20_000; it++) {
      for (int i = 0; i < 5; i++) {
        double s = 0;
        for (int j = 0; j < 7; j++) {
          s += kernel[i][j] * v[j];
        }
        u[i] = a[i] / s;
      }
      for (int j = 0; j < 7; j++) {
        double s = 0;
        for (int i = 0; i < 5; i++) {
          s += kernel[i][j] * u[i];
        }
        v[j] = b[j] / s;
      }
    }
    double classicValue = 0;
    double mass = 0;
    for (int i = 0; i < 5; i++) {
      classicValue += eps * Math.log(u[i]) * a[i];
      for (int j = 0; j < 7; j++) {
        mass += u[i] * kernel[i][j] * v[j];
      }
    }
    for (int j = 0; j < 7; j++) {
      classicValue += eps * Math.log(v[j]) * b[j];
    }
    classicValue += eps * (1 - mass);

    MultiMarginalProblem p =
        MultiMarginalProblem.ofPoints(new double[][][] {x, y}, PairwiseCost.sqEuclidean())
            .withWeights(new double[][] {a, b});
    MultiMarginalOutput out = solver(1e-13, 50_000).solve(p, eps);
    assertTrue(out.converged());
    assertEquals(classicValue, out.entRegCost(), 1e-10);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 7; j++) {
        assertEquals(u[i] * kernel[i][j] * v[j], out.coupling().entry(i, j), 1e-10);
      }
    }
    double[][] pm = out.coupling().pairMarginal(1, 0);
    assertEquals(u[4] * kernel[4][6] * v[6], pm[6][4], 1e-10);
  }

  /** The incremental T update gives the reference sweep (T rebuilt for every update). */
  @Test
  void incrementalSweepsMatchNaiveReferenceSweeps() {
    SplittableRandom rng = new SplittableRandom(3);
    int[] shape = {3, 4, 5};
    double[][][] views = {
      randomPoints(rng, 3, 2), randomPoints(rng, 4, 2), randomPoints(rng, 5, 2)
    };
    double eps = 0.3;
    MultiMarginalProblem p = MultiMarginalProblem.ofPoints(views, PairwiseCost.sqEuclidean());
    MultiMarginalOutput out =
        new MultiMarginalSinkhorn(
                MultiMarginalSinkhorn.Config.builder().optIterations(7, 7).build())
            .solve(p, eps);
    double[][] f = naiveSweeps(p, shape, eps, 7);
    for (int l = 0; l < 3; l++) {
      assertArrayEquals(f[l], out.potentials()[l], 1e-12);
    }
    assertEquals(7, out.iterations());
  }

  /**
   * Algorithm 1 of Piran et al. 2024 as written (and as ott-jax's {@code mmsinkhorn.py} sweeps): T
   * = sum f - C rebuilt for every update, max-shifted LSE.
   */
  private static double[][] naiveSweeps(
      MultiMarginalProblem p, int[] shape, double eps, int sweeps) {
    double[][] f = {new double[shape[0]], new double[shape[1]], new double[shape[2]]};
    double[][] d01 = p.pairCost(0, 1);
    double[][] d02 = p.pairCost(0, 2);
    double[][] d12 = p.pairCost(1, 2);
    for (int s = 0; s < sweeps; s++) {
      for (int l = 0; l < 3; l++) {
        double[] next = new double[shape[l]];
        for (int target = 0; target < shape[l]; target++) {
          double max = Double.NEGATIVE_INFINITY;
          double[] vals = new double[shape[0] * shape[1] * shape[2]];
          int c = 0;
          for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
              for (int m = 0; m < shape[2]; m++) {
                int idx = l == 0 ? i : l == 1 ? j : m;
                if (idx != target) {
                  continue;
                }
                double t = f[0][i] + f[1][j] + f[2][m] - d01[i][j] - d02[i][m] - d12[j][m];
                vals[c++] = t / eps;
                max = Math.max(max, t / eps);
              }
            }
          }
          double sum = 0;
          for (int q = 0; q < c; q++) {
            sum += Math.exp(vals[q] - max);
          }
          next[target] = f[l][target] - eps * Math.log(shape[l]) - eps * (max + Math.log(sum));
        }
        f[l] = next;
      }
    }
    return f;
  }

  @Test
  void marginalsHoldWithinThresholdForUnequalSizesAndWeights() {
    SplittableRandom rng = new SplittableRandom(11);
    int[] sizes = {13, 5, 10, 3};
    double[][][] views = new double[4][][];
    double[][] w = new double[4][];
    for (int l = 0; l < 4; l++) {
      views[l] = randomPoints(rng, sizes[l], 7);
      w[l] = randomWeights(rng, sizes[l]);
    }
    MultiMarginalProblem p =
        MultiMarginalProblem.ofPoints(views, PairwiseCost.sqEuclidean()).withWeights(w);
    for (Precision precision : Precision.values()) {
      MultiMarginalOutput out =
          new MultiMarginalSinkhorn(
                  MultiMarginalSinkhorn.Config.builder().optPrecision(precision).build())
              .solve(p);
      assertTrue(out.converged(), precision + " converged");
      double err = 0;
      for (int l = 0; l < 4; l++) {
        double[] m = out.coupling().marginal(l);
        for (int i = 0; i < sizes[l]; i++) {
          err += Math.abs(m[i] - w[l][i]);
        }
      }
      assertTrue(err < 1e-3, precision + " marginal error " + err);
      assertEquals(out.lastError(), err, 1e-6);
      // 2-D marginals sum to the 1-D ones
      double[][] pm = out.coupling().pairMarginal(2, 0);
      double[] m2 = out.coupling().marginal(2);
      for (int i = 0; i < sizes[2]; i++) {
        double s = 0;
        for (double v : pm[i]) {
          s += v;
        }
        assertEquals(m2[i], s, 1e-6);
      }
    }
  }

  @Test
  void float32AndThreadedPassesAgreeWithSingleThreadedFloat64() {
    SplittableRandom rng = new SplittableRandom(5);
    double[][][] views = new double[4][][];
    for (int l = 0; l < 4; l++) {
      views[l] = unitRows(randomPoints(rng, 20, 8));
    }
    MultiMarginalProblem p = MultiMarginalProblem.ofPoints(views, PairwiseCost.circularVariance(4));
    MultiMarginalSinkhorn.Config base =
        MultiMarginalSinkhorn.Config.builder().optThreshold(1e-6).optThreads(1).build();
    MultiMarginalOutput ref = new MultiMarginalSinkhorn(base).solve(p, 0.05);
    MultiMarginalOutput threaded =
        new MultiMarginalSinkhorn(base.toBuilder().optThreads(2).build()).solve(p, 0.05);
    MultiMarginalOutput single =
        new MultiMarginalSinkhorn(
                base.toBuilder().optThreads(2).optPrecision(Precision.FLOAT32).build())
            .solve(p, 0.05);
    assertTrue(ref.converged());
    assertEquals(ref.iterations(), threaded.iterations());
    assertEquals(ref.entRegCost(), threaded.entRegCost(), 1e-12);
    assertEquals(ref.entRegCost(), single.entRegCost(), 1e-4 * Math.abs(ref.entRegCost()));
    assertEquals(ref.coupling().diagonalMass(), single.coupling().diagonalMass(), 1e-4);
  }

  @Test
  void defaultEpsilonIsFivePercentOfCostStd() {
    double[][][] views = {{{0}, {1}}, {{0}, {2}}};
    // C = [[0, 4], [1, 1]]: mean 1.5, population std sqrt(((1.5)^2 + 2.5^2 + 0.25 + 0.25)/4)
    MultiMarginalOutput out =
        new MultiMarginalSinkhorn()
            .solve(MultiMarginalProblem.ofPoints(views, PairwiseCost.sqEuclidean()));
    double std = Math.sqrt((2.25 + 6.25 + 0.25 + 0.25) / 4);
    assertEquals(0.05 * std, out.epsilon(), 1e-15);
  }

  @Test
  void refusesTensorsOverTheMemoryBudget() {
    int[] shape = {64, 64, 64, 64, 64};
    double[][][] pairs = new double[10][][];
    for (int q = 0; q < 10; q++) {
      pairs[q] = new double[64][64];
    }
    MultiMarginalProblem p = MultiMarginalProblem.ofPairCosts(shape, pairs);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new MultiMarginalSinkhorn().solve(p, 1));
    assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
    assertTrue(e.getMessage().contains("1073741824"), e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            new MultiMarginalSinkhorn()
                .solve(
                    MultiMarginalProblem.ofPairCosts(new int[] {2, 2}, new double[1][2][2]), -1));
  }

  static double[][] randomPoints(SplittableRandom rng, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextDouble(-1, 1);
      }
    }
    return x;
  }

  static double[][] unitRows(double[][] x) {
    for (double[] row : x) {
      double s = 0;
      for (double v : row) {
        s += v * v;
      }
      s = Math.sqrt(s);
      for (int j = 0; j < row.length; j++) {
        row[j] /= s;
      }
    }
    return x;
  }

  static double[] randomWeights(SplittableRandom rng, int n) {
    double[] w = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 0.2 + rng.nextDouble();
      s += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= s;
    }
    return w;
  }
}
