package org.replearn.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.core.InvalidInputException;

/**
 * Exact GDP conversions. Reference values: spec private-probe.md section 6.2 and 1.3 (computed with
 * dp_accounting, autodp and prv_accountant) and src/test/python/reference_values.py (scipy log_ndtr
 * and brentq on the same curve).
 */
class GaussianDpTest {

  @Test
  void epsilonMatchesSpecExactColumn() {
    // exact GDP dual at delta=1e-5 (dp_accounting analytic Gaussian and autodp agree): sigma=1,
    // T=1 -> 4.377178; sigma=1, T=10 -> 17.8566
    assertEquals(4.377178, GaussianDp.epsilon(1.0, 1e-5), 4.377178 * 1e-6);
    assertEquals(17.8566, GaussianDp.epsilon(Math.sqrt(10), 1e-5), 17.8566 * 1e-5);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 4.377178095681226",
    "3.1622776601683795, 17.85658683010762",
    "0.1, 0.34066936468432607",
    "5.0, 33.10373233592247"
  })
  void epsilonMatchesScipyBrentq(double mu, double expected) {
    assertEquals(expected, GaussianDp.epsilon(mu, 1e-5), expected * 1e-10);
  }

  @ParameterizedTest
  @CsvSource({
    "0.1, 0.032521, 30.7496",
    "0.25, 0.075270, 13.2855",
    "0.5, 0.142211, 7.0318",
    "1, 0.268051, 3.7306",
    "2, 0.501552, 1.9938",
    "4, 0.924931, 1.0812",
    "8, 1.666031, 0.6002"
  })
  void muAndSigmaMatchSpecTable(double epsilon, double mu, double sigma) {
    // reference values from dp_accounting get_sigma_gaussian (delta = 1e-5, one step), printed to 6
    // and 4 decimals
    assertEquals(mu, GaussianDp.mu(epsilon, 1e-5), 5e-7);
    assertEquals(
        sigma,
        GdpAccountant.noiseMultiplier(epsilon, 1e-5, 1, NeighbouringRelation.ADD_OR_REMOVE_ONE),
        5e-5);
  }

  @Test
  void deltaAndEpsilonAreInverse() {
    for (double mu : new double[] {0.05, 0.5, 2, 20}) {
      for (double delta : new double[] {1e-3, 1e-5, 1e-12, 1e-40}) {
        double eps = GaussianDp.epsilon(mu, delta);
        assertEquals(Math.log(delta), GaussianDp.logDelta(eps, mu), 1e-9, () -> "mu " + mu);
      }
    }
  }

  @Test
  void kTwoErrorIdentityDeltaAtZero() {
    // delta(0; mu) = Phi(mu/2) - Phi(-mu/2) = 2 Phi(mu/2) - 1; larger deltas need no epsilon.
    double mu = 0.3;
    double d0 = 2 * Math.exp(GaussianDp.logPhi(mu / 2)) - 1;
    assertEquals(d0, GaussianDp.delta(0, mu), 1e-14);
    assertEquals(0, GaussianDp.epsilon(mu, Math.min(0.99, d0 * 1.01)));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(InvalidInputException.class, () -> GaussianDp.epsilon(1, 0));
    assertThrows(InvalidInputException.class, () -> GaussianDp.epsilon(1, 1));
    assertThrows(InvalidInputException.class, () -> GaussianDp.mu(-1, 1e-5));
    assertThrows(InvalidInputException.class, () -> GaussianDp.delta(1, -2));
  }
}
