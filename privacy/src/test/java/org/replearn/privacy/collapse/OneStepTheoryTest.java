package org.replearn.privacy.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.noisygd.LinearClassifier;
import org.replearn.privacy.noisygd.Loss;
import org.replearn.privacy.noisygd.NoisyGd;
import org.replearn.privacy.noisygd.NoisyGdConfig;

/** One-step NoisyGD under perfect collapse (spec private-probe.md section 2.1). */
class OneStepTheoryTest {
  private static final int K = 10;
  private static final int[] COUNTS = EtfFeatures.balanced(K, 100);
  private static final double[] EQUAL = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

  @Test
  void matchesSpecCheckValues() {
    // K=10, n_k=100, G=1, eps=0.1, delta=1e-5: sigma = 30.75, union 0.04777, exact MC 0.03535.
    double sigma =
        GdpAccountant.noiseMultiplier(0.1, 1e-5, 1, NeighbouringRelation.ADD_OR_REMOVE_ONE);
    assertEquals(30.7496, sigma, 1e-4);
    assertEquals(
        0.04777, OneStepTheory.unionBound(COUNTS, EQUAL, sigma, 1, Loss.CROSS_ENTROPY, 0), 1e-5);
    double pairwise =
        OneStepTheory.phi(
            -OneStepTheory.gaps(COUNTS, 0, sigma, 1, Loss.CROSS_ENTROPY, 0)[0] / Math.sqrt(2));
    assertEquals(0.005308, pairwise, 1e-6);
    assertEquals(
        0.03535, OneStepTheory.exactError(COUNTS, EQUAL, sigma, 1, Loss.CROSS_ENTROPY, 0), 2e-3);
  }

  @Test
  void twoClassesErrorIsPhiOfMinusNMu() {
    // K = 2, G = sqrt(1/2) (no clipping): error = Phi(-n mu) with n = n_1 + n_2 and mu = 1/sigma
    // (after one step the logit gap is c n against noise of variance 2 sigma^2 G^2 with c = 1, so
    // the error is Phi(-n / (sqrt(2) sigma G)) = Phi(-n / sigma))
    int perClass = 3;
    double sigma = 4;
    double err =
        OneStepTheory.exactError(
            new int[] {perClass, perClass},
            new double[] {1, 1},
            sigma,
            Math.sqrt(0.5),
            Loss.CROSS_ENTROPY,
            0);
    assertEquals(OneStepTheory.phi(-2 * perClass / sigma), err, 1e-9);
  }

  /** Error of one noisy step on x = M_k test points, averaged over independent noise draws. */
  static double simulatedError(int p, double sigma, int draws, Loss loss) {
    EtfFeatures etf = EtfFeatures.create(K, p, 0, new Seeds(p));
    LabelledFeatures train = etf.sample(COUNTS, 0, new Seeds(1));
    LabelledFeatures test = etf.sample(EtfFeatures.balanced(K, 1), 0, new Seeds(2));
    NoisyGdConfig config = new NoisyGdConfig(1, 0.37, 1, sigma, 1, loss, false, 1);
    double errors = 0;
    for (int d = 0; d < draws; d++) {
      LinearClassifier model =
          NoisyGd.train(train, config, new Seeds(77).child(d), new GdpAccountant()).model();
      errors += 1 - model.accuracy(test);
    }
    return errors / draws;
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 256, 4096})
  void simulationMatchesExactErrorIndependentOfP(int p) {
    double sigma = 60; // larger error than the spec check (sigma 30.75), so fewer draws suffice
    double exact = OneStepTheory.exactError(COUNTS, EQUAL, sigma, 1, Loss.CROSS_ENTROPY, 0);
    int draws = p == 4096 ? 150 : 600;
    double simulated = simulatedError(p, sigma, draws, Loss.CROSS_ENTROPY);
    // Per-class errors of one draw are positively correlated through the shared noise; bound the
    // standard error by treating each draw's K outcomes as one Bernoulli (conservative).
    double se = Math.sqrt(exact * (1 - exact) / draws);
    assertTrue(exact > 0.05 && exact < 0.5, "exact " + exact);
    assertEquals(exact, simulated, 4 * se, "p = " + p);
  }

  @Test
  void squaredLossHasTheSameStructure() {
    double sigma = 80;
    double exact = OneStepTheory.exactError(COUNTS, EQUAL, sigma, 1, Loss.SQUARED, 0);
    double simulated = simulatedError(64, sigma, 600, Loss.SQUARED);
    assertEquals(exact, simulated, 4 * Math.sqrt(exact * (1 - exact) / 600));
    assertTrue(Arrays.stream(COUNTS).sum() == 1000);
  }
}
