package org.replearn.cli.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.core.InvalidInputException;
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

  @Override
  public Integer call() {
    InvalidInputException.require(
        epsilon > 0 && Double.isFinite(epsilon), "--epsilon", "must be finite and > 0", epsilon);
    accounting.validate();
    PrivacyAccountant template = accounting.newAccountant();
    double sigma =
        NoiseCalibration.noiseMultiplier(template, accounting::event, epsilon, accounting.delta);
    PrivacyAccountant check = template.emptyCopy().compose(accounting.event(sigma));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accountant", template.name());
    out.put("neighbouring", template.neighbouringRelation().cliName());
    out.put("sigma", sigma);
    out.put("epsilon", check.epsilon(accounting.delta));
    out.put("targetEpsilon", epsilon);
    out.put("delta", accounting.delta);
    out.put("steps", accounting.steps);
    out.put("samplingRate", accounting.samplingRate);
    if (check instanceof GdpAccountant gdp) {
      out.put("mu", gdp.mu());
    } else {
      out.put("order", ((RdpAccountant) check).epsilonAndOrder(accounting.delta).order());
    }
    Output.print(common.json, out);
    return 0;
  }
}
