package org.replearn.privacy.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;

class SimplexEtfTest {

  @ParameterizedTest
  @CsvSource({"2, 2", "3, 5", "10, 16", "10, 4096"})
  void unitNormsEquiangularAndCentred(int k, int p) {
    double[][] m = SimplexEtf.means(k, p, new Seeds(k * 1000L + p));
    for (int a = 0; a < k; a++) {
      assertEquals(1, SimplexEtf.dot(m[a], m[a]), 1e-12);
      for (int b = a + 1; b < k; b++) {
        assertEquals(-1.0 / (k - 1), SimplexEtf.dot(m[a], m[b]), 1e-12);
      }
    }
    for (int j = 0; j < p; j++) {
      double sum = 0;
      for (double[] row : m) {
        sum += row[j];
      }
      assertEquals(0, sum, 1e-12); // sum_k M_k = 0, so rank(M) = K - 1
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 8", "10, 64"})
  void perfectCollapseHasZeroMetrics(int k, int p) {
    EtfFeatures etf = EtfFeatures.create(k, p, 0, new Seeds(3));
    LabelledFeatures x = etf.sample(EtfFeatures.balanced(k, 20), 0, new Seeds(4));
    CollapseMetrics m = CollapseMetrics.of(x);
    assertEquals(0, m.nc1(), 1e-10);
    assertEquals(0, m.cdnv(), 1e-10);
    assertEquals(0, m.etfError(), 1e-6); // float32 features
    assertEquals(0, m.meanDistanceToClassMean(), 1e-6);
    // gradient norm at W = 0 is sqrt((K-1)/K) ||x|| = sqrt((K-1)/K) (spec checklist 1)
    double sq = 0;
    for (int j = 0; j < p; j++) {
      sq += x.get(0, j) * x.get(0, j);
    }
    assertEquals(1, sq, 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"3, 6", "4, 9"})
  void nc1MatchesBruteForcePseudoInverse(int k, int p) {
    EtfFeatures etf = EtfFeatures.create(k, p, 0.3, new Seeds(5));
    LabelledFeatures x = etf.sample(EtfFeatures.imbalanced(k, 30, 3), 0.2, new Seeds(6));
    double[][] mu = CollapseMetrics.classMeans(x);
    double[] g = new double[p];
    for (double[] m : mu) {
      for (int j = 0; j < p; j++) {
        g[j] += m[j] / k;
      }
    }
    double[][] sb = new double[p][p];
    double[][] sw = new double[p][p];
    for (double[] m : mu) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          sb[a][b] += (m[a] - g[a]) * (m[b] - g[b]) / k;
        }
      }
    }
    for (int i = 0; i < x.n(); i++) {
      int y = x.labels()[i];
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          sw[a][b] += (x.get(i, a) - mu[y][a]) * (x.get(i, b) - mu[y][b]) / x.n();
        }
      }
    }
    var pinv =
        new org.apache.commons.math3.linear.SingularValueDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(sb))
            .getSolver()
            .getInverse();
    double expected =
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(sw).multiply(pinv).getTrace() / k;
    CollapseMetrics m = CollapseMetrics.of(x);
    assertEquals(expected, m.nc1(), expected * 1e-8);
    assertTrue(m.nc1() > 0 && m.cdnv() > 0 && m.etfError() > 0);
  }

  @ParameterizedTest
  @CsvSource({"0.0", "0.3"})
  void perturbationsRaiseTheMetrics(double offset) {
    EtfFeatures etf = EtfFeatures.create(5, 32, offset, new Seeds(8));
    double previous = -1;
    for (double beta : new double[] {0.01, 0.05, 0.2}) {
      double nc1 =
          CollapseMetrics.of(etf.sample(EtfFeatures.balanced(5, 50), beta, new Seeds(9))).nc1();
      assertTrue(nc1 > previous, "beta " + beta);
      previous = nc1;
    }
  }
}
