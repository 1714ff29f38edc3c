package org.replearn.cli.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.core.InvalidInputException;
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

  @Override
  public Integer call() {
    InvalidInputException.require(
        sigma > 0 && Double.isFinite(sigma), "--sigma", "must be finite and > 0", sigma);
    accounting.validate();
    PrivacyAccountant acc = accounting.newAccountant();
    acc.compose(accounting.event(sigma));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accountant", acc.name());
    out.put("neighbouring", acc.neighbouringRelation().cliName());
    out.put("sigma", sigma);
    out.put("steps", accounting.steps);
    out.put("samplingRate", accounting.samplingRate);
    out.put("delta", accounting.delta);
    if (acc instanceof GdpAccountant gdp) {
      out.put("epsilon", gdp.epsilon(accounting.delta));
      out.put("mu", gdp.mu());
    } else {
      RdpAccountant rdp = (RdpAccountant) acc;
      RenyiDp.Optimum best = rdp.epsilonAndOrder(accounting.delta);
      out.put("epsilon", best.value());
      out.put("order", best.order());
      out.put("rdpConvention", rdp.convention().cliName());
    }
    Output.print(common.json, out);
    return 0;
  }
}
