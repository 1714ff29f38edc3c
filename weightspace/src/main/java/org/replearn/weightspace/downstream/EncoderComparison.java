package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * The paper's comparison on one zoo: every encoder trained by emulation with the same settings,
 * then its frozen best-validation embeddings scored on every downstream target.
 */
public final class EncoderComparison {
  private EncoderComparison() {}

  /**
   * What to run.
   *
   * @param encoders encoders to compare
   * @param emulation emulation training settings shared by all encoders
   * @param seeds predictor seeds per target
   * @param predictor predictor settings
   */
  public record Settings(
      List<EncoderKind> encoders,
      EmulationConfig emulation,
      int seeds,
      EmbeddingPredictor.Config predictor) {}

  /**
   * One encoder's outcome.
   *
   * @param encoder CLI name
   * @param parameters trainable parameters of the encoder
   * @param emulation emulation training result
   * @param downstream one result per target
   * @param embeddings frozen embeddings of every zoo row
   * @param seconds wall time of training and evaluation
   */
  public record Outcome(
      String encoder,
      long parameters,
      EmulationResult emulation,
      List<DownstreamEvaluation.Result> downstream,
      float[][] embeddings,
      double seconds) {}

  /**
   * Runs the comparison; each encoder's run folder is {@code workDir/<encoder>} and a rerun resumes
   * from it.
   */
  public static List<Outcome> run(
      ZooView view, Settings settings, Seeds seeds, Path workDir, NDManager manager)
      throws IOException {
    Splits downstreamSplits =
        DownstreamEvaluation.moveHalfOfOodTasks(
            view.splits(), view.taskOfRow(), seeds.child("ood-half").random());
    List<Outcome> outcomes = new ArrayList<>();
    for (EncoderKind kind : settings.encoders()) {
      long start = System.nanoTime();
      EmulationRun run =
          new EmulationRun(
              kind, view.data().layout(), settings.emulation(), seeds.child("emulation").seed());
      Path dir = workDir.resolve(kind.cliName());
      EmulationResult result =
          new EmulationTrainer(run, view.data(), view.splits(), dir).train(manager, true);
      try (WeightEncoder encoder = EmulationRun.loadBestEncoder(dir, manager)) {
        float[][] z = FrozenEmbeddings.compute(encoder, view.data(), 64, manager);
        List<DownstreamEvaluation.Result> downstream = new ArrayList<>();
        for (DownstreamTarget target : view.targets()) {
          downstream.add(
              DownstreamEvaluation.evaluate(
                  z,
                  target,
                  downstreamSplits,
                  settings.seeds(),
                  settings.predictor(),
                  seeds.child("predictor").child(target.name()),
                  manager));
        }
        outcomes.add(
            new Outcome(
                kind.cliName(),
                encoder.parameters().count(),
                result,
                downstream,
                z,
                (System.nanoTime() - start) / 1e9));
      }
    }
    return outcomes;
  }
}
