package org.replearn.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RDP against Opacus and dp_accounting. Values from src/test/python/reference_values.py, which runs
 * Opacus's {@code analysis/rdp.py} and dp_accounting's {@code rdp_privacy_accountant.py}.
 */
class RenyiDpTest {

  @ParameterizedTest
  @CsvSource({
    "0.04, 1.5, 5.5, 0.0027058466235058923, 0.0027058569786308053",
    "0.04, 1.5, 3.3, 0.0015264744040778852, 0.001526613527802253",
    "0.01, 0.8, 10.9, 3.4453069812871475, 3.4453069812871475",
    "0.04, 1.5, 7.0, 0.003610382979962693, 0.0036103829799627473",
    "0.04, 1.5, 128.0, 25.200223140640276, 25.200223140640276",
    "0.2, 2.0, 2.5, 0.014459001410988647, 0.014948942960213247",
    "0.001, 4.0, 1.5, 4.836924903428323e-08, 4.867126154659697e-08"
  })
  void subsampledGaussianMatchesBothLibraries(
      double q, double sigma, double alpha, double opacus, double dpAccounting) {
    assertEquals(
        opacus,
        RenyiDp.subsampledGaussian(q, sigma, alpha, RdpConvention.OPACUS),
        float64Tolerance(opacus, alpha));
    assertEquals(
        dpAccounting,
        RenyiDp.subsampledGaussian(q, sigma, alpha, RdpConvention.DP_ACCOUNTING),
        float64Tolerance(dpAccounting, alpha));
  }

  /**
   * 1e-9 relative, but at least the rounding of a float64 log-space sum: log A_alpha carries an
   * absolute error of a few 1e-16 (A_alpha - 1 can be as small as 1e-8), so r = log A/(alpha - 1)
   * is known to 1e-15/(alpha - 1) absolute. Opacus's own value at (0.001, 4, 1.5) is 4e-8 relative
   * from the exact one below.
   */
  private static double float64Tolerance(double rdp, double alpha) {
    return Math.max(Math.abs(rdp) * 1e-9, 1e-15 / (alpha - 1));
  }

  @ParameterizedTest
  @CsvSource({
    "0.04, 1.5, 5.5, 0.0027058466234949132345",
    "0.04, 1.5, 3.3, 0.0015264744041024315993",
    "0.2, 2.0, 2.5, 0.014459001410924954653",
    "0.001, 4.0, 1.5, 4.8369251042783022036e-8",
    "0.01, 0.8, 10.9, 3.4453069812871483838"
  })
  void signedSeriesEqualsTheDefiningIntegral(double q, double sigma, double alpha, double exact) {
    // exact: log(A_alpha)/(alpha-1) with A_alpha by mpmath quadrature
    // (src/test/python/mpmath_values.py)
    assertEquals(
        exact,
        RenyiDp.subsampledGaussian(q, sigma, alpha, RdpConvention.OPACUS),
        Math.max(Math.abs(exact) * 1e-10, 1e-15 / (alpha - 1)));
  }

  @Test
  void opacusSubsampledAccountantTest() {
    // opacus/tests/accountants_test.py test_rdp_accountant: q=0.04, sigma=1.5, 90 epochs, 1e-5
    RdpAccountant acc =
        new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.ADD_OR_REMOVE_ONE);
    acc.compose(PrivacyEvent.dpSgd(1.5, 0.04, 2250));
    RenyiDp.Optimum eps = acc.epsilonAndOrder(1e-5);
    assertEquals(7.32911117143, eps.value(), 7.32911117143 * 1e-6);
    assertEquals(7.3291111714386545, eps.value(), 1e-9);
    assertEquals(3.9, eps.order());
  }

  @Test
  void dpAccountingSubsampledValue() {
    RdpAccountant acc = new RdpAccountant();
    acc.compose(PrivacyEvent.dpSgd(1.5, 0.04, 2250));
    assertEquals(7.329334702381698, acc.epsilon(1e-5), 1e-9);
    assertEquals(2.5765793018841632e-05, acc.delta(7.0), 2.5765793018841632e-05 * 1e-8);
  }

  @Test
  void stepByStepEqualsSelfComposed() {
    RdpAccountant steps = new RdpAccountant();
    for (int t = 0; t < 50; t++) {
      steps.compose(new PrivacyEvent.PoissonSubsampled(0.04, new PrivacyEvent.Gaussian(1.5)));
    }
    RdpAccountant once = new RdpAccountant();
    once.compose(PrivacyEvent.dpSgd(1.5, 0.04, 50));
    assertEquals(once.epsilon(1e-5), steps.epsilon(1e-5), 1e-10);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1, 4.728507067217623, 5.4",
    "1, 10, 19.05359753163139, 2.5",
    "3.7306, 1, 1.0926046832291667, 17",
    "0.5, 100, 294.8612600716533, 1.2"
  })
  void fullBatchGaussian(double sigma, int steps, double expected, double order) {
    // Opacus and dp_accounting both give RDP epsilon 4.7285 (alpha 5.4) for sigma=1, T=1 and
    // 19.0536 for T=10 at delta 1e-5
    for (RdpConvention c : RdpConvention.values()) {
      RdpAccountant acc = new RdpAccountant(c, NeighbouringRelation.ADD_OR_REMOVE_ONE);
      acc.compose(PrivacyEvent.noisyGd(sigma, steps));
      assertEquals(expected, acc.epsilon(1e-5), expected * 1e-12);
      assertEquals(order, acc.epsilonAndOrder(1e-5).order());
    }
    assertEquals(4.7285, epsilonOfOneStep(), 5e-5);
  }

  private static double epsilonOfOneStep() {
    return new RdpAccountant().compose(PrivacyEvent.noisyGd(1, 1)).epsilon(1e-5);
  }

  @Test
  void integerSeriesEqualsFractionalSeriesNearIntegers() {
    // The fractional series is continuous in alpha and agrees with the finite sum at integers.
    double atInteger = RenyiDp.subsampledGaussian(0.05, 1.2, 4, RdpConvention.OPACUS);
    double nearby = RenyiDp.subsampledGaussian(0.05, 1.2, 4 + 1e-7, RdpConvention.OPACUS);
    assertEquals(atInteger, nearby, atInteger * 1e-5);
  }

  @Test
  void subsamplingAmplifiesAndQOneIsGaussian() {
    for (double alpha : new double[] {1.5, 2, 8, 32.5}) {
      double full = RenyiDp.gaussian(1.1, alpha);
      assertEquals(full, RenyiDp.subsampledGaussian(1, 1.1, alpha, RdpConvention.OPACUS));
      assertTrue(RenyiDp.subsampledGaussian(0.1, 1.1, alpha, RdpConvention.OPACUS) < full);
    }
  }

  @ParameterizedTest
  @CsvSource({"0.01, 1e6", "0.01, 1e3", "0.3, 2.0", "1e-4, 1e8"})
  void integerOrdersResolveAnExcessBelowTheRoundingOfOne(double q, double sigma) {
    // closed forms: A_2 - 1 = q^2 expm1(1/sigma^2),
    // A_3 - 1 = 3 q^2 (1-q) expm1(1/sigma^2) + q^3 expm1(3/sigma^2)
    double x = 1 / (sigma * sigma);
    double a2 = Math.log1p(q * q * Math.expm1(x));
    double a3 = Math.log1p(3 * q * q * (1 - q) * Math.expm1(x) + q * q * q * Math.expm1(3 * x));
    assertEquals(a2, RenyiDp.subsampledGaussian(q, sigma, 2, RdpConvention.OPACUS), a2 * 1e-12);
    assertEquals(
        a3 / 2, RenyiDp.subsampledGaussian(q, sigma, 3, RdpConvention.OPACUS), a3 / 2 * 1e-12);
  }

  @Test
  void noiseForHugeStepCountsGrowsAsTheSquareRootOfSteps() {
    // for sigma >> 1 every order's RDP is proportional to 1/sigma^2 (expm1(x) = x to 1e-12 here),
    // so the epsilon of T steps depends on T / sigma^2 only: a million times the steps needs a
    // thousand times the noise. Before the excess was summed apart from 1, the RDP at 1e18 steps
    // rounded to 0 and any sigma was accepted.
    double atTrillion = sigmaFor(1e12);
    double atQuintillion = sigmaFor(1e18);
    assertEquals(1000, atQuintillion / atTrillion, 1000 * 1e-5);
    RdpAccountant check = new RdpAccountant();
    check.compose(PrivacyEvent.dpSgd(atQuintillion, 0.01, (long) 1e18));
    assertEquals(1.0, check.epsilon(1e-5), 1e-6);
  }

  private static double sigmaFor(double steps) {
    return NoiseCalibration.noiseMultiplier(
        new RdpAccountant(), s -> PrivacyEvent.dpSgd(s, 0.01, (long) steps), 1.0, 1e-5);
  }
}
