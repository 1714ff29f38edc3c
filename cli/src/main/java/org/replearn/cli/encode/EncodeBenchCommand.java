package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.EngineInfo;
import org.replearn.weightspace.emulation.EmulationBenchmark;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn encode bench}: emulation training steps per second for each encoder. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Training steps per second of each encoder in the official emulation recipe (batch 64,"
            + " formal-languages model, 41-step rollouts, 2 x 256 emulator).")
public final class EncodeBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--encoders", split = ",", description = "Encoders to measure (default: all).")
  List<String> encoders;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description = "Measured steps per encoder (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Checkpoints per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--micro-batch",
      defaultValue = "0",
      description =
          "Checkpoints per forward/backward pass within a step, 0 for each encoder's default"
              + " (transformer 4, others the whole batch) (default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Override
  public Integer call() throws Exception {
    InvalidInputException.require(steps > 0, "--steps", "must be > 0", steps);
    InvalidInputException.require(batch > 0, "--batch", "must be > 0", batch);
    InvalidInputException.require(microBatch >= 0, "--micro-batch", "must be >= 0", microBatch);
    List<EncoderKind> kinds = new ArrayList<>();
    if (encoders == null) {
      kinds.addAll(List.of(EncoderKind.values()));
    } else {
      for (String e : encoders) {
        kinds.add(EncoderKind.parse(e));
      }
    }
    Path work =
        common.out != null ? common.out : Files.createTempDirectory("replearn-encode-bench");
    Instant start = Instant.now();
    List<EmulationBenchmark.Figure> figures;
    try (NDManager manager = NDManager.newBaseManager(common.device())) {
      figures =
          EmulationBenchmark.run(
              kinds, LstmSpec.formalLanguages(), batch, steps, microBatch, work, manager);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("batch", batch);
    result.put("measuredSteps", steps);
    result.put("encoders", figures);
    result.put("device", EngineInfo.current().device());
    result.put("wallSeconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    Output.print(common.json, result);
    return 0;
  }
}
