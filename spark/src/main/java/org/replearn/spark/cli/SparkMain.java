package org.replearn.spark.cli;

import org.replearn.cli.Main;

/**
 * Main class of {@code replearn spark ...} and of the job jar: {@code spark-submit --class
 * org.replearn.spark.cli.SparkMain replearn-spark.jar zoo|encoders ...}. Exit code 0 on success, 1
 * on failure, 2 on bad input (one line naming the input).
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] args) {
    System.exit(Main.execute(new SparkCommand(), false, args));
  }
}
