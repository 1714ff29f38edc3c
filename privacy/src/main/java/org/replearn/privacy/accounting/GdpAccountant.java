package org.replearn.privacy.accounting;

import java.util.Optional;
import org.replearn.core.InvalidInputException;

/**
 * Exact Gaussian-DP accounting for full-batch Gaussian mechanisms. A Gaussian event with multiplier
 * sigma is (c/sigma)-GDP with c the relation's sensitivity factor (1 for add/remove-one, 2 for
 * replace-one), and GDP composes exactly: mu = sqrt(sum_t mu_t^2), so T NoisyGD steps with
 * multiplier sigma give mu = c sqrt(T) / sigma. Conversion to (epsilon, delta) uses the exact curve
 * of {@link GaussianDp}.
 *
 * <p>Poisson subsampling with q < 1 is not exactly Gaussian-DP (only asymptotically, by the central
 * limit theorem), so such events are refused; {@code PoissonSubsampled(1, e)} is {@code e}.
 */
public final class GdpAccountant extends LedgerAccountant {
  private double muSquared;

  /** An empty accountant for {@code relation}. */
  public GdpAccountant(NeighbouringRelation relation) {
    super(relation);
  }

  /** An empty accountant for add/remove-one neighbours. */
  public GdpAccountant() {
    this(NeighbouringRelation.ADD_OR_REMOVE_ONE);
  }

  @Override
  public String name() {
    return "gdp";
  }

  @Override
  Optional<String> unsupportedSubsampling(PrivacyEvent.PoissonSubsampled p) {
    return p.samplingRate() < 1
        ? Optional.of(
            "Poisson subsampling with q = "
                + p.samplingRate()
                + " < 1 is not exactly Gaussian-DP (use the rdp accountant)")
        : unsupportedReason(p.event());
  }

  @Override
  void apply(PrivacyEvent event) {
    muSquared += muSquared(event);
  }

  private double muSquared(PrivacyEvent event) {
    if (event instanceof PrivacyEvent.Gaussian g) {
      double m = 1 / effectiveMultiplier(g);
      return m * m;
    } else if (event instanceof PrivacyEvent.PoissonSubsampled p) {
      return muSquared(p.event());
    } else if (event instanceof PrivacyEvent.SelfComposed s) {
      return s.count() * muSquared(s.event());
    } else {
      double sum = 0;
      for (PrivacyEvent e : ((PrivacyEvent.Composed) event).events()) {
        sum += muSquared(e);
      }
      return sum;
    }
  }

  /** mu of everything composed so far: sqrt(sum_t mu_t^2). */
  public double mu() {
    return Math.sqrt(muSquared);
  }

  @Override
  public double epsilon(double delta) {
    return GaussianDp.epsilon(mu(), delta);
  }

  @Override
  public double delta(double epsilon) {
    return GaussianDp.delta(epsilon, mu());
  }

  @Override
  public GdpAccountant emptyCopy() {
    return new GdpAccountant(neighbouringRelation());
  }

  /**
   * The noise multiplier sigma that makes {@code steps} full-batch steps exactly (epsilon,
   * delta)-DP: sigma = c sqrt(T) / mu(epsilon, delta).
   */
  public static double noiseMultiplier(
      double epsilon, double delta, long steps, NeighbouringRelation relation) {
    InvalidInputException.require(steps >= 1, "steps", "must be >= 1", steps);
    return relation.sensitivityFactor() * Math.sqrt(steps) / GaussianDp.mu(epsilon, delta);
  }
}
