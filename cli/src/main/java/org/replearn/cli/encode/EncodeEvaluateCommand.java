package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.downstream.CloneEvaluation;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.DownstreamTarget;
import org.replearn.weightspace.downstream.SupervisedBaseline;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.Emulator;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn encode evaluate}: downstream prediction from frozen embeddings. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Train MLP predictors on a trained encoder's frozen embeddings (half of the OOD tasks moved"
            + " into training) and report validation and OOD scores over seeds with 95%% bootstrap"
            + " intervals.")
public final class EncodeEvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ZooOptions zoo;

  @Option(names = "--run", description = "Folder of an `encode train` run (frozen embeddings).")
  Path run;

  @Option(
      names = "--supervised",
      paramLabel = "ENCODER",
      description =
          "Instead of --run: the supervised-only baseline, this encoder trained end to end on each"
              + " target (fresh per seed).")
  String supervised;

  @Option(
      names = "--supervised-steps",
      defaultValue = "2000",
      description = "Steps of the supervised baseline (default: ${DEFAULT-VALUE}).")
  int supervisedSteps;

  @Option(
      names = "--target",
      defaultValue = "all",
      description = "Target name or all (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--seeds",
      defaultValue = "5",
      description = "Predictor seeds (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--predictor-steps",
      defaultValue = "2000",
      description = "Predictor training steps (default: ${DEFAULT-VALUE}).")
  int predictorSteps;

  @Option(
      names = "--clone-samples",
      defaultValue = "0",
      description =
          "With --run on a formal-language zoo: strings the emulator samples per validation and OOD"
              + " model from its embedding alone, scored with the model's language (official 64;"
              + " default ${DEFAULT-VALUE}: no clone evaluation).")
  int cloneSamples;

  /**
   * The emulator's clones of the held-out models: mean absolute error and correlation of their
   * scores with the originals', and the fraction of cloned strings that finished.
   */
  record Clone(
      int models,
      int samples,
      double meanAbsoluteError,
      double correlation,
      double cloneFinished) {}

  /**
   * What {@code encode evaluate} prints, in this order; {@code clone} only with --clone-samples.
   */
  record Evaluated(
      String encoder,
      @JsonProperty("clone") @JsonInclude(JsonInclude.Include.NON_NULL) Clone cloneScores,
      String zoo,
      int trainRows,
      int validationRows,
      int oodRows,
      List<DownstreamEvaluation.Result> results) {}

  /** Most training steps (seeds x steps) per target. */
  static final double MAX_STEPS_PER_TARGET = 1e7;

  @Override
  public Integer call() throws Exception {
    InvalidInputException.require(
        cloneSamples >= 0, "--clone-samples", "must be >= 0", cloneSamples);
    InvalidInputException.require(seeds >= 1, "--seeds", "must be >= 1", seeds);
    InvalidInputException.require(
        predictorSteps >= 1, "--predictor-steps", "must be >= 1", predictorSteps);
    InvalidInputException.require(
        supervisedSteps >= 1, "--supervised-steps", "must be >= 1", supervisedSteps);
    String stepsOption = supervised != null ? "--supervised-steps" : "--predictor-steps";
    int steps = supervised != null ? supervisedSteps : predictorSteps;
    Budget.work(
        "--seeds / " + stepsOption,
        seeds + " / " + steps,
        "training steps per target",
        (double) seeds * steps,
        MAX_STEPS_PER_TARGET,
        "seeds x steps; hours on 2 CPU cores, the defaults take 10,000");
    InvalidInputException.require(
        (run == null) != (supervised == null),
        "--run / --supervised",
        "exactly one must be given",
        run == null ? "neither" : "both");
    Evaluated result;
    try (NDManager manager = NDManager.newBaseManager(common.device())) {
      ZooView view = zoo.open(common.seeds(), manager);
      List<DownstreamTarget> targets =
          target.equals("all") ? view.targets() : List.of(view.target(target));
      // half of the OOD tasks moved into training: the official numpy seed-2 selection
      Splits splits = view.downstreamSplits();
      List<DownstreamEvaluation.Result> results = new ArrayList<>();
      String encoderName;
      Clone clone = null;
      if (supervised != null) {
        EncoderKind kind = EncoderKind.parse(supervised);
        for (DownstreamTarget t : targets) {
          double[] validation = new double[seeds];
          double[] ood = new double[seeds];
          for (int s = 0; s < seeds; s++) {
            double[] scores =
                SupervisedBaseline.trainAndScore(
                    kind,
                    view.data(),
                    t,
                    splits.train(),
                    List.of(splits.validation(), splits.ood()),
                    supervisedSteps,
                    64,
                    1e-4,
                    common.seeds().child("supervised").child(t.name()).child(s),
                    manager);
            validation[s] = scores[0];
            ood[s] = scores[1];
          }
          results.add(
              DownstreamEvaluation.summarise(
                  t, validation, ood, common.seeds().child("bootstrap").random()));
        }
        encoderName = kind.cliName() + " (supervised only)";
      } else {
        try (WeightEncoder encoder = EmulationRun.loadBestEncoder(run, manager)) {
          results.addAll(
              DownstreamEvaluation.ofEncoder(
                  encoder,
                  view.data(),
                  targets,
                  splits,
                  seeds,
                  predictorSteps,
                  common.seeds(),
                  manager));
          encoderName = encoder.kind().cliName();
          if (cloneSamples > 0) {
            InvalidInputException.require(
                view.data().layout().inputSize() == view.data().layout().outputSize(),
                "--clone-samples",
                "needs a formal-language zoo",
                view.description());
            int[] heldOut =
                IntStream.concat(
                        IntStream.of(view.splits().validation()), IntStream.of(view.splits().ood()))
                    .toArray();
            try (Emulator emulator = EmulationRun.loadBestEmulator(run, manager)) {
              CloneEvaluation.Result cloned =
                  CloneEvaluation.evaluate(
                      encoder,
                      emulator,
                      view,
                      heldOut,
                      cloneSamples,
                      common.seeds().child("clone").random(),
                      manager);
              clone =
                  new Clone(
                      heldOut.length,
                      cloneSamples,
                      cloned.meanAbsoluteError(),
                      cloned.correlation(),
                      cloned.cloneFinished());
            }
          }
        }
      }
      result =
          new Evaluated(
              encoderName,
              clone,
              view.description(),
              splits.train().length,
              splits.validation().length,
              splits.ood().length,
              results);
    }
    common.print(result);
    return 0;
  }
}
