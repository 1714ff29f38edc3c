package org.replearn.cli.multiview;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.DataDirOption;
import org.replearn.cli.ForceOption;
import org.replearn.cli.OutputFolder;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.core.run.RunLock;
import org.replearn.multiview.loss.MultiViewLossKind;
import org.replearn.multiview.train.MultiViewDataset;
import org.replearn.multiview.train.MultiViewRun;
import org.replearn.multiview.train.MultiViewTrainer;
import org.replearn.multiview.train.RepresentationEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replearn multiview train}: multi-view self-supervised training with M3G or an InfoNCE
 * baseline; writes {@code metrics.json} and {@code manifest.json}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an encoder on k random views per object with M3G or InfoNCE (pwe/ave) and evaluate",
      "it (ridge linear probe, kNN-10, cross-view retrieval) next to its random initialisation.",
      "A checkpoint is saved in <out>/checkpoint after every epoch; rerunning the same command",
      "(or with more --epochs) continues from it."
    })
public final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--loss",
      defaultValue = "m3g",
      description = "m3g, infonce-pwe or infonce-ave (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--views", defaultValue = "4", description = "k (default: ${DEFAULT-VALUE}).")
  int views;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Objects per step (default: ${DEFAULT-VALUE}); n^k must fit the memory budget.")
  int batch;

  @Option(names = "--epochs", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--dataset",
      defaultValue = "mnist",
      description = "mnist, fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--train-objects",
      defaultValue = "60000",
      description = "Training objects used (default: ${DEFAULT-VALUE}).")
  int trainObjects;

  @Option(
      names = "--learning-rate",
      defaultValue = "3e-3",
      description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--epsilon",
      defaultValue = "0.05",
      description = "M3G epsilon (circular-variance cost; default: ${DEFAULT-VALUE}).")
  double epsilon;

  @Option(
      names = "--temperature",
      defaultValue = "0.1",
      description = "InfoNCE temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--eval-train",
      defaultValue = "10000",
      description = "Training objects for the probe and kNN (default: ${DEFAULT-VALUE}).")
  int evalTrain;

  @Option(
      names = "--eval-test",
      defaultValue = "2000",
      description = "Test objects scored (default: ${DEFAULT-VALUE}).")
  int evalTest;

  @Mixin DataDirOption dataDir;

  @Mixin ForceOption force;

  @Spec CommandSpec commandSpec;

  /** What {@code multiview train} writes to metrics.json, in this order. */
  record Metrics(
      String loss,
      int views,
      int batch,
      String dataset,
      RepresentationEvaluator.Metrics trained,
      RepresentationEvaluator.Metrics randomInit,
      double trainSeconds,
      double[] lossCurve,
      int[] monitorSteps,
      double[] monitorM3g) {}

  /** What {@code multiview train} prints, in this order: the monitor M3G at the first and last. */
  record Summary(
      String out,
      RepresentationEvaluator.Metrics trained,
      RepresentationEvaluator.Metrics randomInit,
      double trainSeconds,
      double monitorM3gFirst,
      double monitorM3gLast) {}

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    requireWithinBudgets();
    MultiViewRun.Spec run =
        MultiViewRun.Spec.builder()
            .setDataset(MultiViewDataset.parse(dataset))
            .optLoss(MultiViewLossKind.parse(loss))
            .optTrainObjects(trainObjects)
            .optTraining(
                MultiViewTrainer.Config.builder()
                    .optViews(views)
                    .optBatch(batch)
                    .optEpochs(epochs)
                    .optLearningRate(learningRate)
                    .optWeightDecay(1e-4)
                    .optMonitorEvery(50)
                    .optMonitorEpsilon(epsilon)
                    .build())
            .optEpsilon(epsilon)
            .optTemperature(temperature)
            .optEvaluation(new RepresentationEvaluator.Config(evalTrain, evalTest, 10, 1000, 1e-3))
            .build();
    Path out = common.outOr("multiview-train");
    // a rerun continues (more --epochs allowed); every other setting must equal the stored one
    try (RunLock lock =
        OutputFolder.claim(commandSpec, out, !force.given, force.given, true, "--epochs")) {
      return train(start, run, out);
    }
  }

  /**
   * Lower bounds of the sizes, and the monitor M3G's cost tensor (batch^views entries in double,
   * computed at every monitor step whatever the loss) within the heap budget, before any data is
   * read or allocated.
   */
  private void requireWithinBudgets() {
    InvalidInputException.require(views >= 2, "--views", "must be >= 2", views);
    InvalidInputException.require(batch >= 2, "--batch", "must be >= 2", batch);
    InvalidInputException.require(
        trainObjects >= batch,
        "--train-objects",
        "must be at least --batch (" + batch + ")",
        trainObjects);
    InvalidInputException.require(evalTrain >= 1, "--eval-train", "must be >= 1", evalTrain);
    InvalidInputException.require(evalTest >= 1, "--eval-test", "must be >= 1", evalTest);
    Budget.memory(
        "--batch / --views",
        batch + " / " + views,
        "M3G cost tensor of batch^views doubles",
        8 * Math.pow(batch, views));
  }

  private int train(long start, MultiViewRun.Spec spec, Path out) throws Exception {
    MultiViewRun.Sources sources =
        MultiViewRun.sources(spec.dataset(), dataDir.dir(), common.seeds());
    MultiViewRun.Result r =
        MultiViewRun.run(
            spec, sources, common.device(), common.seeds(), true, out.resolve("checkpoint"));
    MultiViewTrainer.History history = r.history();
    Metrics metrics =
        new Metrics(
            loss,
            views,
            batch,
            dataset,
            r.trained(),
            r.randomInit(),
            history.seconds(),
            history.loss(),
            history.monitorSteps(),
            history.monitorM3g());
    Json.write(out.resolve("metrics.json"), metrics);
    double[] m = history.monitorM3g();
    Summary summary =
        new Summary(
            out.toString(), r.trained(), r.randomInit(), history.seconds(), m[0], m[m.length - 1]);
    common.writeManifestAndPrint(out, "multiview train", spec.asMap(), start, summary);
    return 0;
  }
}
