package org.replearn.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every accountant must satisfy, run against each accountant and relation. */
class AccountantContractTest {

  static Stream<Named<Supplier<PrivacyAccountant>>> accountants() {
    return Stream.of(
        Named.of("gdp add-remove", () -> new GdpAccountant()),
        Named.of("gdp replace-one", () -> new GdpAccountant(NeighbouringRelation.REPLACE_ONE)),
        Named.of(
            "rdp opacus",
            () -> new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.ADD_OR_REMOVE_ONE)),
        Named.of("rdp dp-accounting", () -> new RdpAccountant()),
        Named.of(
            "rdp replace-one",
            () ->
                new RdpAccountant(RdpConvention.DP_ACCOUNTING, NeighbouringRelation.REPLACE_ONE)));
  }

  private static double epsilon(Supplier<PrivacyAccountant> f, PrivacyEvent e) {
    return f.get().compose(e).epsilon(1e-5);
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void emptyLedgerSpendsNothing(Supplier<PrivacyAccountant> f) {
    PrivacyAccountant a = f.get();
    assertEquals(0, a.epsilon(1e-5));
    assertEquals(0, a.delta(0.5));
    assertTrue(a.ledger().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void epsilonGrowsWithStepsAndFallsWithSigma(Supplier<PrivacyAccountant> f) {
    double previous = 0;
    for (long steps : new long[] {1, 2, 10, 100}) {
      double eps = epsilon(f, PrivacyEvent.noisyGd(4, steps));
      assertTrue(eps > previous, "steps " + steps);
      previous = eps;
    }
    previous = Double.POSITIVE_INFINITY;
    for (double sigma : new double[] {0.5, 1, 2, 8}) {
      double eps = epsilon(f, PrivacyEvent.noisyGd(sigma, 10));
      assertTrue(eps < previous, "sigma " + sigma);
      previous = eps;
    }
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void deltaOfEpsilonIsAtMostTheTarget(Supplier<PrivacyAccountant> f) {
    PrivacyAccountant a = f.get().compose(PrivacyEvent.noisyGd(2, 5));
    double eps = a.epsilon(1e-6);
    double delta = a.delta(eps);
    assertTrue(delta <= 1e-6 * (1 + 1e-8), "delta " + delta);
    if (a instanceof GdpAccountant) {
      assertEquals(1e-6, delta, 1e-14);
    }
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void sigmaFromEpsilonRoundTrips(Supplier<PrivacyAccountant> f) {
    for (double target : new double[] {0.5, 1, 8}) {
      double sigma =
          NoiseCalibration.noiseMultiplier(f.get(), s -> PrivacyEvent.noisyGd(s, 20), target, 1e-5);
      double spent = epsilon(f, PrivacyEvent.noisyGd(sigma, 20));
      assertEquals(target, spent, target * 1e-9);
      assertTrue(spent <= target);
    }
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void compositionForms(Supplier<PrivacyAccountant> f) {
    PrivacyEvent g = new PrivacyEvent.Gaussian(3);
    double composed = epsilon(f, new PrivacyEvent.Composed(List.of(g, g, g)));
    double selfComposed = epsilon(f, new PrivacyEvent.SelfComposed(g, 3));
    PrivacyAccountant stepwise = f.get();
    for (int i = 0; i < 3; i++) {
      stepwise.compose(g);
    }
    assertEquals(selfComposed, composed, 1e-12);
    assertEquals(selfComposed, stepwise.epsilon(1e-5), 1e-12);
    assertEquals(3, stepwise.ledger().size());
    // PoissonSubsampled(1, e) is e itself.
    assertEquals(epsilon(f, g), epsilon(f, new PrivacyEvent.PoissonSubsampled(1.0, g)), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("accountants")
  void refusedEventsLeaveTheStateUnchanged(Supplier<PrivacyAccountant> f) {
    PrivacyAccountant a = f.get().compose(PrivacyEvent.noisyGd(2, 3));
    double before = a.epsilon(1e-5);
    PrivacyEvent nested =
        new PrivacyEvent.PoissonSubsampled(
            0.5, new PrivacyEvent.PoissonSubsampled(0.5, new PrivacyEvent.Gaussian(1)));
    PrivacyEvent bad = new PrivacyEvent.Composed(List.of(new PrivacyEvent.Gaussian(1), nested));
    assertTrue(a.unsupportedReason(bad).isPresent());
    UnsupportedEventException e =
        assertThrows(UnsupportedEventException.class, () -> a.compose(bad));
    assertTrue(e.getMessage().contains("PoissonSubsampled"), e.getMessage());
    assertEquals(before, a.epsilon(1e-5));
    assertEquals(1, a.ledger().size());
  }

  @Test
  void calibrationStopsAtTheJumpOfATruncatedRdpCurve() {
    // With Opacus's orders (largest 63) RDP epsilon never falls below about 0.12 at delta 1e-5
    // except to 0 at huge sigma; the calibrated sigma is the smallest one reaching the target.
    PrivacyAccountant opacus =
        new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.ADD_OR_REMOVE_ONE);
    double sigma =
        NoiseCalibration.noiseMultiplier(opacus, s -> PrivacyEvent.noisyGd(s, 20), 0.1, 1e-5);
    assertTrue(opacus.emptyCopy().compose(PrivacyEvent.noisyGd(sigma, 20)).epsilon(1e-5) <= 0.1);
    assertTrue(
        opacus.emptyCopy().compose(PrivacyEvent.noisyGd(sigma * (1 - 1e-6), 20)).epsilon(1e-5)
            > 0.1);
  }

  @Test
  void replaceOneDoublesTheSensitivity() {
    double replace =
        epsilon(
            () -> new GdpAccountant(NeighbouringRelation.REPLACE_ONE), PrivacyEvent.noisyGd(2, 4));
    double addRemove = epsilon(GdpAccountant::new, PrivacyEvent.noisyGd(1, 4));
    assertEquals(addRemove, replace, 1e-12);
    double rdpReplace =
        epsilon(
            () -> new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.REPLACE_ONE),
            PrivacyEvent.noisyGd(2, 4));
    double rdpAddRemove =
        epsilon(
            () -> new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.ADD_OR_REMOVE_ONE),
            PrivacyEvent.noisyGd(1, 4));
    assertEquals(rdpAddRemove, rdpReplace, 1e-12);
  }

  @Test
  void gdpMuComposesAndRefusesSubsampling() {
    GdpAccountant a = new GdpAccountant();
    a.compose(PrivacyEvent.noisyGd(2, 4)).compose(new PrivacyEvent.Gaussian(1));
    assertEquals(Math.sqrt(4 / 4.0 + 1), a.mu(), 1e-15);
    assertThrows(UnsupportedEventException.class, () -> a.compose(PrivacyEvent.dpSgd(1, 0.1, 10)));
    assertEquals(Math.sqrt(2), a.mu(), 1e-15);
  }

  @Test
  void rdpRefusesSubsamplingUnderReplaceOne() {
    RdpAccountant a = new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.REPLACE_ONE);
    UnsupportedEventException e =
        assertThrows(
            UnsupportedEventException.class, () -> a.compose(PrivacyEvent.dpSgd(1, 0.1, 10)));
    assertTrue(e.getMessage().contains("replace-one"), e.getMessage());
  }

  @Test
  void gdpAndRdpNoiseCalibrationAgreeWithClosedForm() {
    double exact =
        GdpAccountant.noiseMultiplier(1, 1e-5, 10, NeighbouringRelation.ADD_OR_REMOVE_ONE);
    double searched =
        NoiseCalibration.noiseMultiplier(
            new GdpAccountant(), s -> PrivacyEvent.noisyGd(s, 10), 1, 1e-5);
    assertEquals(exact, searched, exact * 1e-10);
    // RDP is looser than exact GDP, so it needs more noise for the same epsilon.
    double rdp =
        NoiseCalibration.noiseMultiplier(
            new RdpAccountant(), s -> PrivacyEvent.noisyGd(s, 10), 1, 1e-5);
    assertTrue(rdp > exact);
  }

  @Test
  void opacusNoiseMultiplierForSubsampledRun() {
    // Opacus get_noise_multiplier(target_epsilon=8, sample_rate=0.04, steps=2000) = 1.3562 (spec
    // 6.3; Opacus searches to epsilon_tolerance 0.01, so the value is accurate to about 1e-3).
    double sigma =
        NoiseCalibration.noiseMultiplier(
            new RdpAccountant(RdpConvention.OPACUS, NeighbouringRelation.ADD_OR_REMOVE_ONE),
            s -> PrivacyEvent.dpSgd(s, 0.04, 2000),
            8,
            1e-5);
    assertEquals(1.3562, sigma, 2e-3);
  }
}
