package org.replearn.spark;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * Zoo generation as a Spark job: one task per model batch ({@link ZooBatchTask}), then the driver
 * writes {@code index.json} (streamed batch by batch) and {@code zoo.json}. The zoo equals the one
 * {@code ZooGenerator} writes on one machine for the same spec, shard for shard and byte for byte,
 * whatever the number of partitions, executors or retries.
 *
 * <p>Restartable: the job first records its spec under {@code _spark/}; run again on the same
 * folder with the same spec, it skips the batches whose shards are complete. A batch that fails for
 * good (after Spark's retries) fails the job with the batch and the cause named; every completed
 * shard stays in place for the rerun.
 */
public final class ZooJob {
  private ZooJob() {}

  /**
   * What to generate.
   *
   * @param spec the zoo (from {@code ZooGenerator.newSpec})
   * @param out the output folder
   * @param mnistDir the MNIST cache folder on every executor (tiled MNIST only), or null for the
   *     default cache
   * @param hook called after each published shard, on the executors ({@link BatchHook#NONE})
   */
  public record Request(ZooSpec spec, ClusterFolder out, String mnistDir, BatchHook hook) {}

  /**
   * What a job did.
   *
   * @param spec the zoo's spec
   * @param batches model batches (tasks)
   * @param batchesTrained batches trained by this job
   * @param batchesSkipped batches complete before this job
   * @param rows index rows written
   * @param seconds wall time of the job
   * @param taskCpuSeconds CPU time the training tasks spent (their threads), for per-task costs
   */
  public record Result(
      ZooSpec spec,
      int batches,
      int batchesTrained,
      int batchesSkipped,
      long rows,
      double seconds,
      double taskCpuSeconds) {}

  /**
   * Checks the output folder and records the job in it, before any task starts.
   *
   * @throws InvalidInputException when the folder cannot be written, holds a finished zoo, or holds
   *     an unfinished job of another spec
   */
  public static void prepare(Request request) throws IOException {
    ClusterFolder out = request.out();
    try {
      out.makeWritable();
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.of(
          "output folder", "must be a writable folder", out.uri() + " (" + e.getMessage() + ")");
    }
    InvalidInputException.require(
        !out.exists(ZooStore.SPEC), "output folder", "already holds a finished zoo", out.uri());
    byte[] spec = Json.mapper().writeValueAsBytes(request.spec());
    if (out.exists(ZooLayout.JOB_SPEC)) {
      InvalidInputException.require(
          Arrays.equals(out.read(ZooLayout.JOB_SPEC), spec),
          "output folder",
          "holds an unfinished job of a different zoo (rerun it with its own arguments)",
          out.uri());
    } else {
      out.write(ZooLayout.JOB_SPEC, spec);
    }
  }

  /**
   * Runs the job on {@code sc}: {@link #prepare}, one task per batch, then the index and spec.
   *
   * @param progress receives every finished task attempt (on the driver)
   * @throws SparkJobException when a batch fails for good
   */
  public static Result run(JavaSparkContext sc, Request request, Consumer<TaskReport> progress)
      throws IOException {
    long start = System.nanoTime();
    prepare(request);
    ZooSpec spec = request.spec();
    ClusterFolder out = request.out();
    ZooBatchTask.Counters counters =
        new ZooBatchTask.Counters(
            sc.sc().longAccumulator("batches trained"),
            sc.sc().longAccumulator("batches skipped"),
            sc.sc().longAccumulator("task cpu nanos"));
    ZooBatchTask task =
        new ZooBatchTask(Json.compact(spec), out, request.mnistDir(), request.hook(), counters);
    List<Integer> batches = IntStream.range(0, spec.batches()).boxed().toList();
    try (TaskListener l = TaskListener.attach(sc, "zoo", batches.size(), progress)) {
      sc.parallelize(batches, batches.size()).foreach(task);
    } catch (Exception e) {
      throw SparkJobException.of("zoo", e);
    }
    long rows = publishIndex(out, spec.batches());
    out.write(ZooStore.SPEC, Json.mapper().writeValueAsBytes(spec));
    out.delete(ClusterFolder.JOB_DIR);
    return new Result(
        spec,
        spec.batches(),
        counters.trained().value().intValue(),
        counters.skipped().value().intValue(),
        rows,
        (System.nanoTime() - start) / 1e9,
        counters.cpuNanos().value() / 1e9);
  }

  /** Writes index.json from the batches' rows files, one batch in memory at a time. */
  private static long publishIndex(ClusterFolder out, int batches) throws IOException {
    long[] count = new long[1];
    IndexStream.BatchRows rows =
        b -> Json.mapper().readValue(out.read(ZooLayout.rows(b)), IndexStream.BatchIndex.class);
    out.publish(ZooStore.INDEX, stream -> count[0] = IndexStream.write(stream, batches, rows));
    return count[0];
  }
}
