package org.replearn.cli.zoo;

import org.replearn.core.InvalidInputException;
import picocli.CommandLine.Option;

/** Parallelism options shared by {@code zoo generate} and {@code zoo bench}. */
final class WorkerOptions {
  @Option(
      names = "--workers",
      description =
          "Model batches trained at once, one Java thread each running the plain-Java trainer"
              + " (default: ${DEFAULT-VALUE}, one per core of the 2-core target machine).",
      defaultValue = "2")
  int workers;

  @Option(
      names = "--threads",
      description =
          "PyTorch intra-op threads per process, 0 for the engine default; PyTorch only converts"
              + " stored tensors, training runs in Java (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int threads;

  /** Validates the options and sets PyTorch's threads before the engine starts. */
  void apply() {
    InvalidInputException.require(workers >= 1, "--workers", "must be >= 1", workers);
    ZooCli.threads(threads);
  }
}
