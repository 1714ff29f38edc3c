package org.replearn.spark.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.replearn.cli.JsonOption;
import org.replearn.core.InvalidInputException;
import org.replearn.spark.SparkContexts;
import org.replearn.spark.SparkMaster;
import org.replearn.spark.TaskReport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every Spark job takes: master, output folder, Spark settings, seed, JSON output. */
final class SparkOptions {
  @Option(
      names = "--master",
      description =
          "local[N], local[*], spark://HOST:PORT, yarn or k8s://https://HOST:PORT (default: the"
              + " spark-submit master if any, else "
              + SparkMaster.DEFAULT
              + ").")
  String master;

  @Option(
      names = "--out",
      required = true,
      description = "Output folder: a path, file://, hdfs:// or s3a:// URI, shared by all nodes.")
  String out;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting, e.g. spark.executor.memory=2g (repeatable).")
  List<String> conf = List.of();

  @Option(
      names = "--seed",
      description = "Seed for everything random (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  long seed;

  @Mixin JsonOption output;

  /** A Spark context for {@code app} (checks the master first). */
  JavaSparkContext context(String app) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      InvalidInputException.require(eq > 0, "--conf", "must be KEY=VALUE", kv);
      settings.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (master != null) {
      SparkMaster.check("--master", master, 5000); // named as the user wrote it
    }
    return SparkContexts.create(master, app, settings);
  }

  /** Prints one line per finished task attempt on stderr. */
  static void progressLine(TaskReport r) {
    String line =
        r.succeeded()
            ? String.format(
                java.util.Locale.ROOT,
                "replearn spark: %s task %d done on executor %s in %.1f s [%d/%d]",
                r.job(),
                r.task(),
                r.executor(),
                r.seconds(),
                r.done(),
                r.total())
            : String.format(
                "replearn spark: %s task %d failed on executor %s: %s",
                r.job(), r.task(), r.executor(), r.failure());
    System.err.println(line);
  }
}
