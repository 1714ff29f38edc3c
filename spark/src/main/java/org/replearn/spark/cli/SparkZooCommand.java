package org.replearn.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.replearn.cli.Output;
import org.replearn.cli.zoo.ZooGenerateOptions;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.core.io.RunManifest;
import org.replearn.spark.BatchHook;
import org.replearn.spark.ClusterFolder;
import org.replearn.spark.SparkContexts;
import org.replearn.spark.ZooJob;
import org.replearn.weightspace.zoo.ZooSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code replearn spark zoo}: {@code zoo generate} as a Spark job, one task per model batch. */
@Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a zoo on Spark: one task per model batch; the same options and the same zoo,",
      "byte for byte, as `replearn zoo generate`. Run again on the same --out (same options, or",
      "--resume) to continue a killed job: complete batches are skipped."
    })
public final class SparkZooCommand implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Mixin ZooGenerateOptions zoo;

  /** The run configuration in the manifest. */
  record Config(ZooSpec spec, String master, boolean resume) {}

  /** What {@code spark zoo} prints, in this order. */
  record Generated(
      String out,
      String master,
      String family,
      int models,
      int checkpoints,
      long rows,
      int batches,
      int batchesTrained,
      int batchesSkipped,
      double seconds,
      double taskCpuSeconds,
      double modelStepsPerSecond) {}

  @Override
  public Integer call() throws Exception {
    // options first: bad input ends before a context or a task starts
    ZooSpec spec = zoo.resume ? null : zoo.spec(zoo.task(), spark.seed);
    JavaSparkContext sc = spark.context("replearn spark zoo");
    try {
      ClusterFolder out = new ClusterFolder(spark.out, SparkContexts.hadoopSettings(sc));
      if (spec == null) {
        String job = ClusterFolder.JOB_DIR + "/zoo-job.json";
        InvalidInputException.require(
            out.exists(job), "--resume", "needs an unfinished Spark zoo job in --out", spark.out);
        spec = Json.mapper().readValue(out.read(job), ZooSpec.class);
      }
      String dataDir = zoo.dataDir == null ? null : zoo.dataDir.toString();
      ZooJob.Result r =
          ZooJob.run(
              sc,
              new ZooJob.Request(spec, out, dataDir, BatchHook.NONE),
              SparkOptions::progressLine);
      Config config = new Config(spec, sc.master(), zoo.resume);
      Path local = Files.createTempDirectory("replearn-manifest-");
      RunManifest.write(
          local,
          "spark zoo",
          Output.fields(config),
          spec.seed(),
          "cpu()",
          Duration.ofMillis((long) (r.seconds() * 1000)));
      out.upload(local.resolve(RunManifest.FILE_NAME), RunManifest.FILE_NAME);
      Files.delete(local.resolve(RunManifest.FILE_NAME));
      Files.delete(local);
      long trainedSteps = (long) r.batchesTrained() * spec.batchModels() * spec.recipe().updates();
      Generated printed =
          new Generated(
              spark.out,
              sc.master(),
              spec.family(),
              spec.models(),
              spec.recipe().checkpoints().length,
              r.rows(),
              r.batches(),
              r.batchesTrained(),
              r.batchesSkipped(),
              r.seconds(),
              r.taskCpuSeconds(),
              trainedSteps / Math.max(1e-9, r.seconds()));
      spark.output.print(printed);
      return 0;
    } finally {
      sc.stop();
    }
  }
}
