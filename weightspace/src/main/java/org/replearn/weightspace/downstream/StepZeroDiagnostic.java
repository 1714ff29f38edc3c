package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * A diagnostic that separates "port" from "scale": an encoder trained by emulation a second time
 * with the untrained (step-0) rows left out of every split, with the same settings, seed and
 * budget. If the step-0 rows dominate the loss (they are near-uniform output distributions, unlike
 * trained checkpoints), the embedding learned with them spends itself on the trained/untrained bit;
 * the comparison shows whether leaving them out gives a lower validation loss on the trained rows
 * and a better downstream task prediction there.
 */
public final class StepZeroDiagnostic {
  private StepZeroDiagnostic() {}

  /**
   * Both runs on the trained (step > 0) rows.
   *
   * @param encoder CLI name
   * @param withValidationLoss validation loss on the trained validation rows of the run trained
   *     with every row (its best-validation parameters)
   * @param withoutValidationLoss best validation loss of the run trained without step-0 rows
   * @param withoutBestStep step of that best loss
   * @param withTask the first target's scores (task or angle) of the run with every row, both
   *     predictor training and test rows without step 0; null when not computed
   * @param withoutTask the same for the run without step-0 rows
   * @param withoutHistory evaluations of the run without step-0 rows
   */
  public record Result(
      String encoder,
      double withValidationLoss,
      double withoutValidationLoss,
      long withoutBestStep,
      DownstreamEvaluation.Result withTask,
      DownstreamEvaluation.Result withoutTask,
      List<EmulationResult.Evaluation> withoutHistory) {}

  /**
   * Trains (or resumes) {@code run} in {@code dir} on the view's splits without step-0 rows, and
   * scores its embeddings on the first target with the predictors' rows also without step 0.
   *
   * @param withValidationLoss the run with every row, evaluated on the trained validation rows
   * @param withTask that run's first-target scores without step-0 rows (or null)
   */
  static Result run(
      EmulationRun run,
      ZooView view,
      Path dir,
      double withValidationLoss,
      DownstreamEvaluation.Result withTask,
      EncoderComparison.Settings settings,
      Seeds seeds,
      NDManager manager)
      throws IOException {
    EmulationTrainer trainer =
        new EmulationTrainer(run, view.data(), view.withoutStepZero(view.splits()), dir);
    EmulationResult result = trainer.train(manager, true);
    float[][] z;
    try (WeightEncoder encoder = EmulationRun.loadBestEncoder(dir, manager)) {
      z = FrozenEmbeddings.compute(encoder, view.data(), 64, manager);
    }
    DownstreamEvaluation.Result withoutTask =
        DownstreamEvaluation.evaluateAll(
                z,
                view.targets().get(0),
                view.withoutStepZero(view.downstreamSplits()),
                settings.seeds(),
                settings.predictor(),
                seeds.child("predictor-without-step-0").child(view.targets().get(0).name()),
                manager)
            .get(0);
    return new Result(
        run.encoder().cliName(),
        withValidationLoss,
        result.bestValidationLoss(),
        result.bestStep(),
        withTask,
        withoutTask,
        result.history());
  }
}
