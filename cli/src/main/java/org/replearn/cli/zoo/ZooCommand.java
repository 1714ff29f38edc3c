package org.replearn.cli.zoo;

import picocli.CommandLine.Command;

/** {@code replearn zoo}: RNN model zoos (formal languages, tiled sequential MNIST). */
@Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description = "Generate, inspect, import, export and benchmark RNN model zoos.",
    subcommands = {
      GenerateCommand.class,
      InfoCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      BenchCommand.class
    })
public final class ZooCommand {}
