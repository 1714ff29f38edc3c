package org.replearn.spark.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.replearn.spark.ClusterFolder;
import org.replearn.spark.EncoderGridJob;
import org.replearn.spark.GridSpec;
import org.replearn.spark.GridSummary;
import org.replearn.spark.SparkContexts;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replearn spark encoders}: an encoder grid (zoos x encoders x settings x seeds) as a Spark
 * job, each run equal to {@code replearn encode train}, then {@code encode evaluate} of each run
 * and one HTML report.
 */
@Command(
    name = "encoders",
    mixinStandardHelpOptions = true,
    description = {
      "Train and evaluate a grid of weight encoders on Spark: one task per emulation run (the",
      "cross product of --zoo, --encoders, --seeds and every list-valued `encode train` option),",
      "then one per evaluation; report in OUT/report/index.html. Run again to continue."
    })
public final class SparkEncodersCommand implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(
      names = "--zoo",
      required = true,
      split = ",",
      description = "Zoo folders on the shared file system (repeatable or comma-separated).")
  List<String> zoos;

  @Option(
      names = "--encoders",
      split = ",",
      defaultValue = "stats,flat,transformer,dws,noninteractive,interactive",
      description = "Encoders (default: ${DEFAULT-VALUE}).")
  List<String> encoders;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "0",
      description = "Run seeds, e.g. 0,1,2 (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--steps", split = ",", defaultValue = "100000", description = "Training steps.")
  List<Integer> steps;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "64",
      description = "Checkpoints per step.")
  List<Integer> batch;

  @Option(names = "--lr", split = ",", defaultValue = "1e-4", description = "AdamW learning rate.")
  List<Double> learningRate;

  @Option(
      names = "--weight-decay",
      split = ",",
      defaultValue = "0.01",
      description = "AdamW weight decay.")
  List<Double> weightDecay;

  @Option(
      names = "--clip",
      split = ",",
      defaultValue = "0.1",
      description = "Gradient-norm clip per module.")
  List<Double> clip;

  @Option(
      names = "--eval-every",
      split = ",",
      defaultValue = "1000",
      description = "Steps between evaluations and checkpoints.")
  List<Integer> evalEvery;

  @Option(
      names = "--eval-rows",
      split = ",",
      defaultValue = "0",
      description = "Rows evaluated per split, 0 for all.")
  List<Integer> evalRows;

  @Option(
      names = "--loss",
      split = ",",
      defaultValue = "tv",
      description = "tv (official) or reverse-kl (paper).")
  List<String> loss;

  @Option(
      names = "--emulator-hidden",
      split = ",",
      defaultValue = "256",
      description = "Emulator LSTM width.")
  List<Integer> emulatorHidden;

  @Option(
      names = "--micro-batch",
      split = ",",
      defaultValue = "0",
      description = "Checkpoints per forward/backward pass, 0 for the encoder's default.")
  List<Integer> microBatch;

  @Option(
      names = "--eval-seeds",
      defaultValue = "5",
      description = "Predictor seeds per downstream target (default: ${DEFAULT-VALUE}).")
  int evalSeeds;

  @Option(
      names = "--predictor-steps",
      defaultValue = "2000",
      description = "Predictor training steps (default: ${DEFAULT-VALUE}).")
  int predictorSteps;

  /**
   * What {@code spark encoders} prints: the output folder and master, the counts and seconds of
   * {@link EncoderGridJob.Result}, the report's path, then the per-cell summary.
   */
  record Grid(
      String out,
      String master,
      @JsonUnwrapped @JsonIgnoreProperties("summary") EncoderGridJob.Result counts,
      String report,
      List<GridSummary> summary) {}

  @Override
  public Integer call() throws Exception {
    GridSpec spec = new GridSpec(zoos, encoders, configs(), seeds, evalSeeds, predictorSteps);
    JavaSparkContext sc = spark.context("replearn spark encoders");
    try {
      ClusterFolder out = new ClusterFolder(spark.out, SparkContexts.hadoopSettings(sc));
      EncoderGridJob.Result r = EncoderGridJob.run(sc, spec, out, SparkOptions::progressLine);
      Grid printed =
          new Grid(spark.out, sc.master(), r, spark.out + "/report/index.html", r.summary());
      spark.output.print(printed);
      return 0;
    } finally {
      sc.stop();
    }
  }

  /** The cross product of the list-valued emulation options (validated by EmulationConfig). */
  private List<EmulationConfig> configs() {
    List<EmulationConfig> configs = new ArrayList<>();
    for (int s : steps)
      for (int b : batch)
        for (double lr : learningRate)
          for (double wd : weightDecay)
            for (double c : clip)
              for (int e : evalEvery)
                for (int rows : evalRows)
                  for (String l : loss)
                    for (int h : emulatorHidden)
                      for (int m : microBatch)
                        configs.add(
                            EmulationConfig.builder()
                                .optSteps(s)
                                .optBatchSize(b)
                                .optLearningRate(lr)
                                .optWeightDecay(wd)
                                .optClipNorm(c)
                                .optEvalEvery(e)
                                .optEvalRows(rows)
                                .optLoss(EmulationLoss.parse(l))
                                .optEmulatorHidden(h)
                                .optMicroBatch(m)
                                .build());
    return configs;
  }
}
