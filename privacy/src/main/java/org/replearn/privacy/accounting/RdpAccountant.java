package org.replearn.privacy.accounting;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renyi-DP accounting: keeps the RDP curve r(alpha) of everything composed, at the orders of an
 * {@link RdpConvention}, and converts it to (epsilon, delta) with {@link RenyiDp#epsilon}.
 *
 * <ul>
 *   <li>Gaussian with multiplier sigma: alpha / (2 (sigma/c)^2), c the relation's sensitivity
 *       factor.
 *   <li>PoissonSubsampled(q, e): e must be a Gaussian or a composition of Gaussians, which is one
 *       Gaussian with sigma_eff = (sum sigma_i^-2)^(-1/2) (dp_accounting's effective noise
 *       multiplier); RDP of the subsampled Gaussian. Only add/remove-one neighbours: the subsampled
 *       analysis does not hold for replace-one, so such events are refused.
 *   <li>SelfComposed and Composed add RDP curves.
 * </ul>
 */
public final class RdpAccountant extends LedgerAccountant {
  private final RdpConvention convention;
  private final double[] orders;
  private final double[] rdp;
  private final Map<SubsampledKey, double[]> curveCache = new HashMap<>();

  private record SubsampledKey(double q, double sigma) {}

  /** An empty accountant with the orders and series of {@code convention}. */
  public RdpAccountant(RdpConvention convention, NeighbouringRelation relation) {
    super(relation);
    this.convention = convention;
    this.orders = convention.orders();
    this.rdp = new double[orders.length];
  }

  /** An empty accountant with dp_accounting's conventions and add/remove-one neighbours. */
  public RdpAccountant() {
    this(RdpConvention.DP_ACCOUNTING, NeighbouringRelation.ADD_OR_REMOVE_ONE);
  }

  @Override
  public String name() {
    return "rdp";
  }

  /** The conventions (orders and fractional series) used. */
  public RdpConvention convention() {
    return convention;
  }

  @Override
  Optional<String> unsupportedSubsampling(PrivacyEvent.PoissonSubsampled p) {
    if (neighbouringRelation() != NeighbouringRelation.ADD_OR_REMOVE_ONE && p.samplingRate() < 1) {
      return Optional.of(
          "Poisson subsampling is analysed for add/remove-one neighbours only, found "
              + neighbouringRelation().cliName());
    }
    Optional<PrivacyEvent> bad = nonGaussian(p.event());
    return bad.map(
        b -> "the subsampled event must be a Gaussian or a composition of Gaussians, found " + b);
  }

  /** The first sub-event that is not a Gaussian or a (self-)composition of Gaussians. */
  private static Optional<PrivacyEvent> nonGaussian(PrivacyEvent event) {
    if (event instanceof PrivacyEvent.Gaussian) {
      return Optional.empty();
    } else if (event instanceof PrivacyEvent.SelfComposed s) {
      return nonGaussian(s.event());
    } else if (event instanceof PrivacyEvent.Composed c) {
      for (PrivacyEvent e : c.events()) {
        Optional<PrivacyEvent> bad = nonGaussian(e);
        if (bad.isPresent()) {
          return bad;
        }
      }
      return Optional.empty();
    }
    return Optional.of(event);
  }

  /** sigma_eff of a Gaussian or composition of Gaussians: (sum_i sigma_i^-2)^(-1/2). */
  private double effectiveGaussian(PrivacyEvent event) {
    return 1 / Math.sqrt(inverseSquare(event));
  }

  private double inverseSquare(PrivacyEvent event) {
    if (event instanceof PrivacyEvent.Gaussian g) {
      double s = effectiveMultiplier(g);
      return 1 / (s * s);
    } else if (event instanceof PrivacyEvent.SelfComposed s) {
      return s.count() * inverseSquare(s.event());
    }
    double sum = 0;
    for (PrivacyEvent e : ((PrivacyEvent.Composed) event).events()) {
      sum += inverseSquare(e);
    }
    return sum;
  }

  @Override
  void apply(PrivacyEvent event) {
    accumulate(event, 1);
  }

  private void accumulate(PrivacyEvent event, double count) {
    if (event instanceof PrivacyEvent.Gaussian g) {
      double s = effectiveMultiplier(g);
      for (int k = 0; k < orders.length; k++) {
        rdp[k] += count * RenyiDp.gaussian(s, orders[k]);
      }
    } else if (event instanceof PrivacyEvent.PoissonSubsampled p) {
      double[] curve = subsampledCurve(p.samplingRate(), effectiveGaussian(p.event()));
      for (int k = 0; k < orders.length; k++) {
        rdp[k] += count * curve[k];
      }
    } else if (event instanceof PrivacyEvent.SelfComposed s) {
      accumulate(s.event(), count * s.count());
    } else {
      for (PrivacyEvent e : ((PrivacyEvent.Composed) event).events()) {
        accumulate(e, count);
      }
    }
  }

  private double[] subsampledCurve(double q, double sigma) {
    return curveCache.computeIfAbsent(
        new SubsampledKey(q, sigma),
        key -> {
          double[] curve = new double[orders.length];
          double[] logE0Cache = new double[RenyiDp.MAX_SERIES_TERMS];
          for (int k = 0; k < orders.length; k++) {
            curve[k] = RenyiDp.subsampledGaussian(q, sigma, orders[k], convention, logE0Cache);
          }
          return curve;
        });
  }

  /** The RDP orders alpha (a copy). */
  public double[] orders() {
    return orders.clone();
  }

  /** The RDP curve r(alpha) of everything composed (a copy). */
  public double[] rdp() {
    return rdp.clone();
  }

  /** The smallest epsilon at {@code delta} and the order that attains it. */
  public RenyiDp.Optimum epsilonAndOrder(double delta) {
    return RenyiDp.epsilon(orders, rdp, delta);
  }

  @Override
  public double epsilon(double delta) {
    return epsilonAndOrder(delta).value();
  }

  @Override
  public double delta(double epsilon) {
    return RenyiDp.delta(orders, rdp, epsilon).value();
  }

  @Override
  public RdpAccountant emptyCopy() {
    return new RdpAccountant(convention, neighbouringRelation());
  }
}
