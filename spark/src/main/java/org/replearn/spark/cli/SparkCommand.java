package org.replearn.spark.cli;

import picocli.CommandLine.Command;

/** {@code replearn spark}: the zoo and encoder-grid jobs on a Spark cluster. */
@Command(
    name = "replearn spark",
    mixinStandardHelpOptions = true,
    description = {
      "Run zoo generation or an encoder grid as an Apache Spark job (local[N], standalone,",
      "YARN or Kubernetes); the output equals the one-machine commands' byte for byte.",
      "Add --debug for stack traces."
    },
    subcommands = {SparkZooCommand.class, SparkEncodersCommand.class})
public final class SparkCommand {}
