package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.encoder.TorchScalar;

/** Per-model emulation losses between stored and emulated output distributions. */
public enum EmulationLoss {
  /**
   * Total variation, the official default ({@code total_variation}): {@code 1/2 sum_y |p - q|} per
   * step, averaged over steps.
   */
  TOTAL_VARIATION("tv"),
  /**
   * Reverse KL as the official {@code kl_reverse} computes it: {@code q (log q - log p)} averaged
   * over the Y classes (so KL(q || p) / Y) and over steps; the paper's choice. p is floored at
   * 1e-30 before the log so a stored zero probability gives a large finite loss.
   */
  REVERSE_KL("reverse-kl");

  private final String cliName;

  EmulationLoss(String cliName) {
    this.cliName = cliName;
  }

  /** Name on the command line and in files. */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses {@code tv} or {@code reverse-kl}, in any case.
   *
   * @throws InvalidInputException naming the allowed names for any other
   */
  public static EmulationLoss parse(String name) {
    return EnumIds.parse(EmulationLoss.class, EmulationLoss::cliName, "loss", name);
  }

  /**
   * The loss of each model.
   *
   * @param logits emulator logits [B, T, Y]
   * @param targets stored probabilities p [B, T, Y]
   * @return [B], averaged over the T steps
   */
  public NDArray perModel(NDArray logits, NDArray targets) {
    NDArray perStep =
        switch (this) {
          case TOTAL_VARIATION -> {
            NDArray l1 = targets.sub(logits.softmax(2)).abs().sum(new int[] {2});
            yield l1.mul(TorchScalar.of(l1, 0.5));
          }
          case REVERSE_KL -> {
            NDArray logQ = logits.logSoftmax(2);
            NDArray logP = targets.maximum(1e-30f).log();
            yield logQ.exp().mul(logQ.sub(logP)).mean(new int[] {2});
          }
        };
    return perStep.mean(new int[] {1});
  }
}
