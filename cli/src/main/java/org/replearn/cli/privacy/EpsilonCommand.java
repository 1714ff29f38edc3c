package org.replearn.cli.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.accounting.RdpAccountant;
import org.replearn.privacy.accounting.RenyiDp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn privacy epsilon}: the epsilon spent by T noisy steps. */
@Command(
    name = "epsilon",
    mixinStandardHelpOptions = true,
    description =
        "Epsilon spent by T NoisyGD (or Poisson-sampled DP-SGD) steps with noise multiplier sigma.")
public final class EpsilonCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Mixin AccountingOptions accounting;

  @Option(
      names = "--sigma",
      required = true,
      description = "Noise multiplier sigma (noise std / clipping norm), > 0.")
  double sigma;

  /**
   * What {@code privacy epsilon} prints, in this order: {@code mu} for the GDP accountant, the
   * optimal order and the convention for RDP.
   */
  record Spent(
      String accountant,
      String neighbouring,
      double sigma,
      long steps,
      double samplingRate,
      double delta,
      double epsilon,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double mu,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double order,
      @JsonInclude(JsonInclude.Include.NON_NULL) String rdpConvention) {}

  @Override
  public Integer call() {
    PrivacyAccountant acc = accounting.newAccountant("--sigma", sigma);
    acc.compose(accounting.event(sigma));
    double epsilon;
    Double mu = null;
    Double order = null;
    String rdpConvention = null;
    if (acc instanceof GdpAccountant gdp) {
      epsilon = gdp.epsilon(accounting.delta);
      mu = gdp.mu();
    } else {
      RdpAccountant rdp = (RdpAccountant) acc;
      RenyiDp.Optimum best = rdp.epsilonAndOrder(accounting.delta);
      epsilon = best.value();
      order = best.order();
      rdpConvention = rdp.convention().cliName();
    }
    Spent out =
        new Spent(
            acc.name(),
            acc.neighbouringRelation().cliName(),
            sigma,
            accounting.steps,
            accounting.samplingRate,
            accounting.delta,
            epsilon,
            mu,
            order,
            rdpConvention);
    common.print(out);
    return 0;
  }
}
