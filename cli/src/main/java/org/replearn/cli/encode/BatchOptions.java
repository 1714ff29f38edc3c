package org.replearn.cli.encode;

import picocli.CommandLine.Option;

/**
 * {@code --batch} and {@code --micro-batch} of {@code encode train} and {@code encode bench}: the
 * checkpoints of one emulation training step, and how many of them one forward/backward pass takes.
 */
final class BatchOptions {

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Checkpoints per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--micro-batch",
      defaultValue = "0",
      description =
          "Checkpoints per forward/backward pass within a step (gradients summed before the"
              + " update: same step, less memory), 0 for the encoder's default (transformer 4,"
              + " others the whole batch) (default: ${DEFAULT-VALUE}).")
  int microBatch;
}
