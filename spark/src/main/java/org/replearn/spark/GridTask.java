package org.replearn.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.util.LongAccumulator;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.ThreadGradients;
import org.replearn.core.io.Json;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * One task of the encoder grid, run on an executor for one grid run: either its emulation training
 * ({@link EmulationTrainer}, as {@code replearn encode train --seed S}) or its downstream
 * evaluation ({@link DownstreamEvaluation#ofEncoder}, as {@code replearn encode evaluate --run R
 * --seed S}). The zoo is read from the executor's local copy ({@link LocalZoos}); the run lives in
 * a scratch folder and is published to the shared run folder at every checkpoint ({@link
 * GridRunFiles}). A finished run is skipped; an unfinished one resumes from its last published
 * checkpoint.
 */
final class GridTask implements VoidFunction<Integer> {
  private static final long serialVersionUID = 1L;

  /**
   * DJL's PyTorch engine allows one gradient collector per process at a time, so the runs (and
   * evaluations, which train predictors) of one executor take turns; give grid executors one task
   * slot each and let PyTorch use their cores.
   */
  private static final Object ENGINE = new Object();

  /** The two stages of the grid. */
  enum Stage {
    TRAIN,
    EVALUATE
  }

  private final String specJson;
  private final ClusterFolder out;
  private final Map<String, String> hadoop;
  private final Stage stage;
  private final LongAccumulator done;
  private final LongAccumulator skipped;

  GridTask(
      String specJson,
      ClusterFolder out,
      Map<String, String> hadoop,
      Stage stage,
      LongAccumulator done,
      LongAccumulator skipped) {
    this.specJson = specJson;
    this.out = out;
    this.hadoop = hadoop;
    this.stage = stage;
    this.done = done;
    this.skipped = skipped;
  }

  @Override
  public void call(Integer index) throws Exception {
    GridSpec spec = Json.mapper().readValue(specJson, GridSpec.class);
    GridSpec.Run run = spec.runs().get(index);
    GridRunFiles files = new GridRunFiles(out, run.folder());
    try {
      String marker = stage == Stage.TRAIN ? GridRunFiles.RESULT : GridRunFiles.EVALUATION;
      if (files.has(marker)) {
        skipped.add(1);
        return;
      }
      Path zoo = LocalZoos.of(new ClusterFolder(spec.zoos().get(run.zoo()), hadoop));
      Path local = Files.createTempDirectory("replearn-run-" + index + "-");
      try {
        synchronized (ENGINE) {
          ThreadGradients.offOnThisThread();
          runStage(spec, run, files, zoo, local);
        }
      } finally {
        ScratchFolders.delete(local);
      }
      done.add(1);
    } catch (Exception | Error e) {
      throw new IOException(
          "grid run "
              + index
              + " ("
              + run.folder()
              + ", "
              + stage.name().toLowerCase(java.util.Locale.ROOT)
              + "): "
              + e,
          e);
    }
  }

  private void runStage(GridSpec spec, GridSpec.Run run, GridRunFiles files, Path zoo, Path local)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(zoo, manager);
      Job job = new Job(spec, run, view, files, local, manager);
      if (stage == Stage.TRAIN) {
        job.train();
      } else {
        job.evaluate();
      }
    }
  }

  /**
   * One grid run's stage: the spec and the run, the zoo it reads, the run's cluster files, its
   * local scratch folder and the manager its arrays live in.
   */
  private record Job(
      GridSpec spec,
      GridSpec.Run run,
      ZooView view,
      GridRunFiles files,
      Path local,
      NDManager manager) {

    /** Trains the run, resuming from its last published checkpoint, and publishes the result. */
    void train() throws IOException {
      boolean resume = files.restore(local);
      EmulationRun emulation =
          new EmulationRun(
              EncoderKind.parse(run.encoder()),
              view.data().layout(),
              spec.configs().get(run.config()),
              run.seed());
      EmulationResult r =
          new EmulationTrainer(
                  emulation,
                  view.data(),
                  view.splits(),
                  local,
                  step -> files.publishCheckpoint(local, step))
              .train(manager, resume);
      files.publishFinished(local, r.steps(), Json.mapper().writeValueAsBytes(r));
    }

    /** Scores the run's best encoder on the downstream targets and writes the results. */
    void evaluate() throws IOException {
      files.fetchBest(local);
      Seeds seeds = new Seeds(run.seed());
      Splits splits =
          DownstreamEvaluation.moveHalfOfOodTasks(
              view.splits(), view.taskOfRow(), seeds.child("ood-half").random());
      List<DownstreamEvaluation.Result> results;
      try (WeightEncoder encoder = EmulationRun.loadBestEncoder(local, manager)) {
        results =
            DownstreamEvaluation.ofEncoder(
                encoder,
                view.data(),
                view.targets(),
                splits,
                spec.evalSeeds(),
                spec.predictorSteps(),
                seeds,
                manager);
      }
      files.write(GridRunFiles.EVALUATION, Json.mapper().writeValueAsBytes(results));
    }
  }
}
