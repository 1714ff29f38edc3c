package org.replearn.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * An encoder grid as a Spark job: one task per emulation run of the grid ({@link GridTask}, stage
 * train), then one per run for its downstream evaluation (stage evaluate), then the driver reads
 * the runs' small result files and writes {@code report/index.html} and {@code summary.json}. Each
 * run folder equals the one {@code replearn encode train} writes with the same zoo, encoder,
 * settings and seed. Restartable: finished runs and evaluations are skipped, unfinished runs resume
 * from their last checkpoint.
 */
public final class EncoderGridJob {
  private EncoderGridJob() {}

  /** The grid's description in the output folder; a rerun must describe the same grid. */
  static final String GRID = "grid.json";

  /**
   * What a grid job did.
   *
   * @param runs runs in the grid
   * @param trained runs trained (or resumed) by this job
   * @param trainingSkipped runs finished before this job
   * @param evaluated runs evaluated by this job
   * @param evaluationSkipped runs evaluated before this job
   * @param seconds wall time
   * @param summary one line per (zoo, encoder, settings) cell
   */
  public record Result(
      int runs,
      int trained,
      int trainingSkipped,
      int evaluated,
      int evaluationSkipped,
      double seconds,
      List<GridSummary> summary) {}

  /**
   * Checks the zoos and the output folder and records the grid, before any task starts.
   *
   * @return each zoo's task family
   */
  public static List<String> prepare(GridSpec spec, ClusterFolder out, Map<String, String> hadoop)
      throws IOException {
    List<String> families = new ArrayList<>();
    for (String zoo : spec.zoos()) {
      families.add(zooFamily(new ClusterFolder(zoo, hadoop)));
    }
    try {
      out.makeWritable();
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.of(
          "output folder", "must be a writable folder", out.uri() + " (" + e.getMessage() + ")");
    }
    byte[] grid = Json.mapper().writeValueAsBytes(spec);
    if (out.exists(GRID)) {
      InvalidInputException.require(
          Arrays.equals(out.read(GRID), grid),
          "output folder",
          "holds a grid with other settings (rerun it with its own arguments)",
          out.uri());
    } else {
      out.write(GRID, grid);
    }
    return families;
  }

  /** Runs the grid on {@code sc}; {@code progress} receives every finished task attempt. */
  public static Result run(
      JavaSparkContext sc, GridSpec spec, ClusterFolder out, Consumer<TaskReport> progress)
      throws IOException {
    long start = System.nanoTime();
    Map<String, String> hadoop = SparkContexts.hadoopSettings(sc);
    List<String> families = prepare(spec, out, hadoop);
    String json = Json.compact(spec);
    List<Integer> runs = IntStream.range(0, spec.runs().size()).boxed().toList();
    long[][] counts = new long[2][];
    for (GridTask.Stage stage : GridTask.Stage.values()) {
      String name = "encoders-" + stage.name().toLowerCase(java.util.Locale.ROOT);
      LongAccumulator done = sc.sc().longAccumulator(name + " done");
      LongAccumulator skipped = sc.sc().longAccumulator(name + " skipped");
      try (TaskListener l = TaskListener.attach(sc, name, runs.size(), progress)) {
        sc.parallelize(runs, runs.size())
            .foreach(new GridTask(json, out, hadoop, stage, done, skipped));
      } catch (Exception e) {
        throw SparkJobException.of(name, e);
      }
      counts[stage.ordinal()] = new long[] {done.value(), skipped.value()};
    }
    List<GridSummary.RunOutcome> outcomes = new ArrayList<>();
    for (GridSpec.Run r : spec.runs()) {
      GridRunFiles files = new GridRunFiles(out, r.folder());
      outcomes.add(
          new GridSummary.RunOutcome(
              r,
              Json.mapper().readValue(files.read(GridRunFiles.RESULT), EmulationResult.class),
              Arrays.asList(
                  Json.mapper()
                      .readValue(
                          files.read(GridRunFiles.EVALUATION),
                          DownstreamEvaluation.Result[].class))));
    }
    List<GridSummary> summary = GridSummary.of(spec, families, outcomes, spec.seeds().get(0));
    out.write("summary.json", Json.mapper().writeValueAsBytes(summary));
    GridReport.publish(out, spec, summary);
    out.delete(ClusterFolder.JOB_DIR);
    return new Result(
        runs.size(),
        (int) counts[0][0],
        (int) counts[0][1],
        (int) counts[1][0],
        (int) counts[1][1],
        (System.nanoTime() - start) / 1e9,
        summary);
  }

  private static String zooFamily(ClusterFolder zoo) throws IOException {
    try {
      if (zoo.exists(ZooStore.SPEC) && zoo.exists(ZooStore.INDEX)) {
        return Json.mapper().readValue(zoo.read(ZooStore.SPEC), ZooSpec.class).family();
      }
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.of(
          "zoo",
          "must be a zoo folder (zoo.json, index.json, shards/)",
          zoo.uri() + " (" + e + ")");
    }
    throw InvalidInputException.of(
        "zoo", "must be a zoo folder (zoo.json, index.json, shards/)", zoo.uri());
  }
}
