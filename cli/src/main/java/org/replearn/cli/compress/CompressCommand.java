package org.replearn.cli.compress;

import picocli.CommandLine.Command;

/** {@code replearn compress}: RieM data-free compression and its baselines. */
@Command(
    name = "compress",
    mixinStandardHelpOptions = true,
    description =
        "RieM data-free compression of trained layers, with SVD, quantisation and pruning.",
    subcommands = {
      FitMatrixCommand.class,
      ModelCommand.class,
      TrainReferenceCommand.class,
      BenchCommand.class
    })
public final class CompressCommand {}
