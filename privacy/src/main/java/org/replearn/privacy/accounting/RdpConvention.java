package org.replearn.privacy.accounting;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;

/**
 * The two reference implementations of RDP accounting for the Poisson-subsampled Gaussian, which
 * differ in their order lists and in how they sum the series for fractional orders (Mironov, Talwar
 * and Zhang 2019, section 3.3). Integer orders, the Gaussian RDP alpha/(2 sigma^2) and the
 * conversion to (epsilon, delta) are the same in both.
 */
public enum RdpConvention {
  /**
   * Opacus ({@code opacus/accountants/analysis/rdp.py}, {@code RDPAccountant.DEFAULT_ALPHAS}):
   * orders 1.1, 1.2, ..., 10.9, 12, ..., 63; the fractional series adds terms with their sign and
   * stops after the first term with max(log s0, log s1) < -30.
   */
  OPACUS("opacus", orders(IntStream.rangeClosed(12, 63)), true),
  /**
   * Google's dp_accounting ({@code dp_accounting/rdp/rdp_privacy_accountant.py}, {@code
   * DEFAULT_RDP_ORDERS}): orders 1.1, ..., 10.9, 11, ..., 63, 128, 256, 512, 1024; the fractional
   * series adds the absolute values of its terms (an upper bound) and stops once both terms
   * decrease and are 30 nats below the running total, after at most 1000 terms.
   */
  DP_ACCOUNTING(
      "dp-accounting",
      orders(IntStream.concat(IntStream.rangeClosed(11, 63), IntStream.of(128, 256, 512, 1024))),
      false);

  private final String cliName;
  private final double[] orders;
  private final boolean signedSeries;

  RdpConvention(String cliName, double[] orders, boolean signedSeries) {
    this.cliName = cliName;
    this.orders = orders;
    this.signedSeries = signedSeries;
  }

  /** 1 + x/10 for x = 1..99 (as both libraries write it), then the given integer orders. */
  private static double[] orders(IntStream integers) {
    return DoubleStream.concat(
            IntStream.rangeClosed(1, 99).mapToDouble(x -> 1 + x / 10.0),
            integers.mapToDouble(i -> i))
        .toArray();
  }

  /** The RDP orders alpha, in increasing order (a copy). */
  public double[] orders() {
    return orders.clone();
  }

  /** Whether the fractional-order series keeps the signs of the binomial coefficients. */
  boolean signedSeries() {
    return signedSeries;
  }

  /** The command-line name: {@code opacus} or {@code dp-accounting}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses {@code opacus} or {@code dp-accounting}, in any case.
   *
   * @throws InvalidInputException naming the allowed names for any other
   */
  public static RdpConvention parse(String name) {
    return EnumIds.parse(RdpConvention.class, c -> c.cliName, "rdpConvention", name);
  }
}
