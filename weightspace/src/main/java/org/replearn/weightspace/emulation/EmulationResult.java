package org.replearn.weightspace.emulation;

import java.util.List;

/**
 * Outcome of an emulation run.
 *
 * @param steps steps completed
 * @param bestStep step of the best validation loss
 * @param bestValidationLoss best validation emulation loss (NaN without a validation split)
 * @param oodLossAtBest OOD loss at the best step (NaN without an OOD split)
 * @param finalTrainLoss mean training loss over the last evaluation interval
 * @param stepsPerSecond training throughput of this invocation (excluding evaluations)
 * @param cpuMillisPerStep CPU time of the training thread per step in this invocation: with one
 *     PyTorch intra-op thread all of a step's work runs on it, so unlike wall time this does not
 *     grow when other processes share the cores
 * @param history one entry per evaluation
 */
public record EmulationResult(
    long steps,
    long bestStep,
    double bestValidationLoss,
    double oodLossAtBest,
    double finalTrainLoss,
    double stepsPerSecond,
    double cpuMillisPerStep,
    List<Evaluation> history) {

  /**
   * Losses at one evaluation.
   *
   * @param step steps completed
   * @param trainLoss mean training loss since the previous evaluation
   * @param validationLoss mean per-model loss on validation rows
   * @param oodLoss mean per-model loss on OOD rows
   */
  public record Evaluation(long step, double trainLoss, double validationLoss, double oodLoss) {}
}
