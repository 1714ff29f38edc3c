package org.replearn.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.replearn.core.numeric.TrapLimit;

/**
 * Creates the Spark context of a replearn job: the master (checked by {@link SparkMaster}), and the
 * JVM flags our executors need on top of whatever the user configured: the Vector API module for
 * the plain-Java kernels, DJL in offline mode (the PyTorch native library comes from the job's
 * class path) and one PyTorch thread per task, because Spark runs one task per core.
 */
public final class SparkContexts {
  private SparkContexts() {}

  /** Executor JVM flags every replearn job adds to {@code spark.executor.extraJavaOptions}. */
  public static final String EXECUTOR_FLAGS =
      "--add-modules jdk.incubator.vector "
          + TrapLimit.FLAG
          + " -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1";

  /**
   * System property naming the fat job jar ({@code spark/target/replearn-spark.jar}); the launcher
   * sets it, and a context for a remote master ships the jar to its executors.
   */
  public static final String JOB_JAR_PROPERTY = "replearn.spark.jobJar";

  /**
   * A context for {@code app}.
   *
   * @param master the master URL, or null to keep {@code spark.master} from the environment
   *     (spark-submit sets it), else {@link SparkMaster#DEFAULT}
   * @param settings further Spark settings (they override the environment's)
   */
  public static JavaSparkContext create(String master, String app, Map<String, String> settings) {
    SparkConf conf = new SparkConf();
    if (master != null) {
      conf.setMaster(SparkMaster.check("master", master, 5000));
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(SparkMaster.DEFAULT);
    }
    conf.setAppName(app);
    settings.forEach(conf::set);
    String jobJar = System.getProperty(JOB_JAR_PROPERTY);
    if (jobJar != null
        && !conf.get("spark.master").startsWith("local")
        && !conf.contains("spark.jars")) {
      conf.set("spark.jars", jobJar); // executors of a remote master fetch our classes from it
    }
    String opts = conf.get("spark.executor.extraJavaOptions", "");
    if (!opts.contains("jdk.incubator.vector")) {
      conf.set("spark.executor.extraJavaOptions", (opts + " " + EXECUTOR_FLAGS).strip());
    }
    return new JavaSparkContext(conf);
  }

  /** The driver's Hadoop settings, for {@link ClusterFolder}s the executors open. */
  public static Map<String, String> hadoopSettings(JavaSparkContext sc) {
    Map<String, String> m = new java.util.HashMap<>();
    sc.hadoopConfiguration().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }
}
