package org.replearn.cli.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NoiseCalibration;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.accounting.RdpAccountant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn privacy sigma}: the noise multiplier for a target (epsilon, delta). */
@Command(
    name = "sigma",
    mixinStandardHelpOptions = true,
    description =
        "Smallest noise multiplier sigma with which T steps spend at most (epsilon, delta).")
public final class SigmaCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Mixin AccountingOptions accounting;

  @Option(names = "--epsilon", required = true, description = "Target epsilon, > 0.")
  double epsilon;

  /**
   * What {@code privacy sigma} prints, in this order: {@code epsilon} is spent at the calibrated
   * sigma; {@code mu} for the GDP accountant, the optimal order for RDP.
   */
  record Calibrated(
      String accountant,
      String neighbouring,
      double sigma,
      double epsilon,
      double targetEpsilon,
      double delta,
      long steps,
      double samplingRate,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double mu,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double order) {}

  @Override
  public Integer call() {
    PrivacyAccountant template = accounting.newAccountant("--epsilon", epsilon);
    double sigma =
        NoiseCalibration.noiseMultiplier(template, accounting::event, epsilon, accounting.delta);
    PrivacyAccountant check = template.emptyCopy().compose(accounting.event(sigma));
    Calibrated out =
        new Calibrated(
            template.name(),
            template.neighbouringRelation().cliName(),
            sigma,
            check.epsilon(accounting.delta),
            epsilon,
            accounting.delta,
            accounting.steps,
            accounting.samplingRate,
            check instanceof GdpAccountant gdp ? Double.valueOf(gdp.mu()) : null,
            check instanceof RdpAccountant rdp
                ? Double.valueOf(rdp.epsilonAndOrder(accounting.delta).order())
                : null);
    common.print(out);
    return 0;
  }
}
