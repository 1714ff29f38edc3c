package org.replearn.weightspace.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.emulation.EmulationResult;

/**
 * One encoder's figures on one zoo, as {@code results.json} holds them (under the encoder's name,
 * prefixed by the zoo id for the MNIST zoo).
 *
 * @param emulationSteps emulation steps run
 * @param validationTvAtStep0 validation TV before training (NaN without evaluations)
 * @param validationTv best validation TV (the kept parameters)
 * @param validationTvPerTask validation TV per validation task: mean over tasks with a bootstrapped
 *     95% interval (tasks resampled)
 * @param mismatchedValidationTv validation TV with embeddings paired with other rows' targets (the
 *     emulator's floor without information from the encoder)
 * @param oodTv OOD emulation TV of the kept parameters
 * @param downstream per {@code target.metric}: the downstream predictors' scores on every row
 * @param downstreamWithoutStep0 the same without step-0 rows (empty when not run)
 * @param cloneEvaluation the clone evaluation (null when not run)
 * @param withoutStep0Emulation the step-0 diagnostic's validation TVs (null when not run)
 * @param validationCurve (step, validation TV) pairs of the emulation run
 * @param emulationCpuMillisPerStep CPU time of the training thread per emulation step in this
 *     invocation (NaN when the run was already complete)
 * @param seconds wall time of this encoder's part of this invocation: emulation (or its resume),
 *     evaluations and downstream predictors
 */
public record EncoderResult(
    long emulationSteps,
    double validationTvAtStep0,
    double validationTv,
    Interval validationTvPerTask,
    double mismatchedValidationTv,
    double oodTv,
    Map<String, TargetScore> downstream,
    Map<String, TargetScore> downstreamWithoutStep0,
    CloneScore cloneEvaluation,
    StepZeroEmulation withoutStep0Emulation,
    List<double[]> validationCurve,
    double emulationCpuMillisPerStep,
    double seconds) {

  /** A mean with its 95% interval. */
  public record Interval(double mean, double low, double high) {}

  /** A downstream score over predictor seeds: validation mean, OOD mean and OOD 95% interval. */
  public record TargetScore(double validation, double ood, double oodLow, double oodHigh) {}

  /** The official clone metric: error against the originals, correlation, finished fraction. */
  public record CloneScore(double meanAbsoluteError, double correlation, double finished) {}

  /** Validation TV of emulation trained with and without step-0 rows, same budget. */
  public record StepZeroEmulation(double validationTvWith, double validationTvWithout) {}

  /** The figures of one encoder's outcome. */
  public static EncoderResult of(EncoderComparison.Outcome o) {
    EmulationResult e = o.emulation();
    return new EncoderResult(
        e.steps(),
        e.history().isEmpty() ? Double.NaN : e.history().get(0).validationLoss(),
        e.bestValidationLoss(),
        new Interval(
            o.validationLoss().mean(), o.validationLoss().low(), o.validationLoss().high()),
        o.mismatchedValidationLoss(),
        e.oodLossAtBest(),
        scores(o.downstream()),
        scores(o.downstreamWithoutStepZero()),
        o.cloneEvaluation() == null
            ? null
            : new CloneScore(
                o.cloneEvaluation().meanAbsoluteError(),
                o.cloneEvaluation().correlation(),
                o.cloneEvaluation().cloneFinished()),
        o.stepZero() == null
            ? null
            : new StepZeroEmulation(
                o.stepZero().withValidationLoss(), o.stepZero().withoutValidationLoss()),
        e.history().stream().map(h -> new double[] {h.step(), h.validationLoss()}).toList(),
        e.cpuMillisPerStep(),
        o.seconds());
  }

  private static Map<String, TargetScore> scores(List<DownstreamEvaluation.Result> results) {
    Map<String, TargetScore> out = new LinkedHashMap<>();
    for (DownstreamEvaluation.Result d : results) {
      out.put(
          d.target() + "." + d.metric(),
          new TargetScore(d.validation().mean(), d.ood().mean(), d.ood().low(), d.ood().high()));
    }
    return out;
  }
}
