package org.replearn.cli.compress;

import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.fit.FitConfig;
import org.replearn.riem.fit.MinMaxQuantizer;
import org.replearn.riem.layer.StorageAccounting;
import picocli.CommandLine.Option;

/** Options shared by {@code fit-matrix} and {@code model}: quantisation, accounting, schedule. */
public final class CompressionOptions {

  @Option(
      names = "--bits",
      description = "Quantisation bits of RieM's P, Q and SVD's U, V (default: ${DEFAULT-VALUE}).",
      defaultValue = "8")
  int bits;

  @Option(
      names = "--quant-step",
      description =
          "levels: step (max-min)/(2^b-1); official: the notebook's (max-min)/2^b (default: ${DEFAULT-VALUE}).",
      defaultValue = "levels")
  String quantStep;

  @Option(
      names = "--accounting",
      description =
          "honest: float32 metric MLP and scales counted; paper: everything at --bits (default: ${DEFAULT-VALUE}).",
      defaultValue = "honest")
  String accounting;

  @Option(
      names = "--schedule",
      description =
          "fast (default): lr 1e-2 cosine, 4x250 search, 10k steps; official: lr 5e-5, 100x5k search, up to 1M steps with the notebook's early stop.",
      defaultValue = "fast")
  String schedule;

  @Option(names = "--steps", description = "Main-run steps (overrides the schedule).")
  Integer steps;

  @Option(names = "--restarts", description = "Initialisation-search restarts R (overrides).")
  Integer restarts;

  @Option(names = "--search-steps", description = "Steps per restart S (overrides).")
  Integer searchSteps;

  @Option(names = "--lr", description = "Peak learning rate (overrides).")
  Double learningRate;

  @Option(
      names = "--threads",
      description = "Kernel threads (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int threads;

  /** The schedule for d and m with the overrides applied. */
  FitConfig fitConfig(int stateDim, int metricDim) {
    FitConfig c =
        switch (schedule) {
          case "fast" -> FitConfig.fast(stateDim, metricDim);
          case "official" -> FitConfig.official(stateDim, metricDim);
          default ->
              throw org.replearn.core.InvalidInputException.of(
                  "--schedule", "must be fast or official", schedule);
        };
    if (restarts != null || searchSteps != null) {
      c =
          c.withSearch(
              restarts != null ? restarts : c.restarts(),
              searchSteps != null ? searchSteps : c.searchSteps());
    }
    if (steps != null) {
      c = c.withMainSteps(steps);
    }
    if (learningRate != null) {
      c = c.withLearningRate(learningRate);
    }
    return c.withBitsAndThreads(bits, threads);
  }

  MinMaxQuantizer.Step step() {
    return MinMaxQuantizer.Step.parse(quantStep);
  }

  StorageAccounting storageAccounting() {
    return StorageAccounting.parse(accounting);
  }

  /** Options for {@link MatrixCompressors}, with a schedule template for d, m chosen later. */
  MatrixCompressors.Options matrixOptions() {
    return new MatrixCompressors.Options(bits, step(), storageAccounting(), fitConfig(1, 1));
  }
}
