package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.DownstreamTarget;
import org.replearn.weightspace.downstream.EmbeddingPredictor;
import org.replearn.weightspace.downstream.FrozenEmbeddings;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.Splits;
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
            + " into training) and report validation and OOD scores over seeds with 95% bootstrap"
            + " intervals.")
public final class EncodeEvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ZooOptions zoo;

  @Option(names = "--run", required = true, description = "Folder of an `encode train` run.")
  Path run;

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

  @Override
  public Integer call() throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager(common.device());
        WeightEncoder encoder = EmulationRun.loadBestEncoder(run, manager)) {
      ZooView view = zoo.open(common.seeds(), manager);
      List<DownstreamTarget> targets =
          target.equals("all") ? view.targets() : List.of(view.target(target));
      float[][] z = FrozenEmbeddings.compute(encoder, view.data(), 64, manager);
      Splits splits =
          DownstreamEvaluation.moveHalfOfOodTasks(
              view.splits(), view.taskOfRow(), common.seeds().child("ood-half").random());
      EmbeddingPredictor.Config defaults = EmbeddingPredictor.Config.defaults();
      EmbeddingPredictor.Config config =
          new EmbeddingPredictor.Config(
              defaults.hidden(),
              predictorSteps,
              defaults.batchSize(),
              defaults.learningRate(),
              defaults.weightDecay());
      List<DownstreamEvaluation.Result> results = new ArrayList<>();
      for (DownstreamTarget t : targets) {
        results.add(
            DownstreamEvaluation.evaluate(
                z,
                t,
                splits,
                seeds,
                config,
                common.seeds().child("predictor").child(t.name()),
                manager));
      }
      result.put("encoder", encoder.kind().cliName());
      result.put("zoo", view.description());
      result.put("trainRows", splits.train().length);
      result.put("validationRows", splits.validation().length);
      result.put("oodRows", splits.ood().length);
      result.put("results", results);
    }
    Output.print(common.json, result);
    return 0;
  }
}
