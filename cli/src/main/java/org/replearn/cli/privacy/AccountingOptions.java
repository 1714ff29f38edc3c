package org.replearn.cli.privacy;

import org.replearn.core.InvalidInputException;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.accounting.PrivacyEvent;
import org.replearn.privacy.accounting.RdpAccountant;
import org.replearn.privacy.accounting.RdpConvention;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code privacy epsilon} and {@code privacy sigma}: the run and accountant. */
final class AccountingOptions {

  @Option(names = "--steps", required = true, description = "Number of steps T.")
  long steps;

  @Option(names = "--delta", required = true, description = "Target delta, in (0, 1).")
  double delta;

  @Option(
      names = "--sampling-rate",
      defaultValue = "1",
      description = "Poisson sampling rate q in (0, 1]; 1 is full-batch NoisyGD (default: 1).")
  double samplingRate;

  @Option(
      names = "--accountant",
      description =
          "gdp (exact Gaussian DP, full batch only) or rdp (default: gdp when q = 1, rdp otherwise).")
  String accountant;

  @Mixin NeighbouringOption neighbouring;

  @Option(
      names = "--rdp-convention",
      defaultValue = "dp-accounting",
      description =
          "RDP orders and fractional series of dp-accounting or opacus (default: ${DEFAULT-VALUE}).")
  String rdpConvention;

  /**
   * Checks the command's own number {@code option} (finite and > 0), then the shared options,
   * naming the offending one, and returns a fresh accountant as configured.
   */
  PrivacyAccountant newAccountant(String option, double value) {
    InvalidInputException.require(
        value > 0 && Double.isFinite(value), option, "must be finite and > 0", value);
    InvalidInputException.require(steps >= 1, "--steps", "must be >= 1", steps);
    requireDeltaAndSamplingRate(delta, samplingRate);
    NeighbouringRelation relation = neighbouring.relation();
    return accountantName().equals("gdp")
        ? new GdpAccountant(relation)
        : new RdpAccountant(RdpConvention.parse(rdpConvention), relation);
  }

  /** Checks {@code --delta} (in (0, 1)) and {@code --sampling-rate} (in (0, 1]), in that order. */
  static void requireDeltaAndSamplingRate(double delta, double samplingRate) {
    InvalidInputException.require(delta > 0 && delta < 1, "--delta", "must be in (0, 1)", delta);
    InvalidInputException.require(
        samplingRate > 0 && samplingRate <= 1,
        "--sampling-rate",
        "must be in (0, 1]",
        samplingRate);
  }

  /** The accountant's short name after defaults. */
  String accountantName() {
    String name = accountant != null ? accountant : (samplingRate == 1 ? "gdp" : "rdp");
    InvalidInputException.require(
        name.equals("gdp") || name.equals("rdp"), "--accountant", "must be gdp or rdp", name);
    return name;
  }

  /** The whole run for noise multiplier sigma. */
  PrivacyEvent event(double sigma) {
    return samplingRate == 1
        ? PrivacyEvent.noisyGd(sigma, steps)
        : PrivacyEvent.dpSgd(sigma, samplingRate, steps);
  }
}
