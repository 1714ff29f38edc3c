package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.replearn.weightspace.emulation.EmulationResult;

/**
 * The verdict names the winner of each OOD score and checks each zoo's claim against the ranking:
 * formal languages, interactive probing best at the task; MNIST, both probing encoders below every
 * mechanistic encoder in OOD angle error.
 */
class EncodersVerdictTest {

  private static EncoderComparison.Outcome outcome(String encoder, double taskOod) {
    BootstrapInterval ood = new BootstrapInterval(taskOod, taskOod, taskOod, 3);
    BootstrapInterval validation = new BootstrapInterval(0.5, 0.5, 0.5, 3);
    DownstreamEvaluation.Result task =
        new DownstreamEvaluation.Result(
            "angle", "mse", validation, ood, new double[] {0.5}, new double[] {taskOod});
    EmulationResult emulation =
        new EmulationResult(10, 10, 0.1, 0.1, 0.1, 1.0, Double.NaN, List.of());
    return new EncoderComparison.Outcome(
        encoder, 1, emulation, 0.2, List.of(task), null, new float[0][], 1.0);
  }

  @Test
  void mnistClaimHoldsOnlyWhenBothProbingEncodersBeatEveryMechanisticOne() {
    String holds =
        EncodersExperiment.verdict(
            List.of(
                outcome("stats", 300),
                outcome("dws", 200),
                outcome("noninteractive", 150),
                outcome("interactive", 100)),
            false);
    assertTrue(holds.contains("best interactive 100.000"), holds);
    assertTrue(holds.contains("in line with the paper"), holds);
    String fails =
        EncodersExperiment.verdict(
            List.of(
                outcome("stats", 300),
                outcome("dws", 120),
                outcome("noninteractive", 150),
                outcome("interactive", 100)),
            false);
    assertTrue(
        fails.contains("interactive < dws < noninteractive < stats")
            && fails.contains("does not reproduce the claim"),
        fails);
  }
}
