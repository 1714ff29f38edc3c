package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.bench.RooflineOptions;
import org.replearn.cli.bench.WarmUpSeconds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineProbe;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.WarmUp;
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
            + " formal-languages model, 41-step rollouts, 2 x 256 emulator): min, median and max"
            + " wall and CPU milliseconds per step after a timed warm-up, the emulator alone first.")
public final class EncodeBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin BatchOptions batches;

  @Option(names = "--encoders", split = ",", description = "Encoders to measure (default: all).")
  List<String> encoders;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description =
          "Timed steps per encoder, after the warm-up; min/median/max are reported (default:"
              + " ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "3",
      description =
          "Untimed steps per encoder for at least this long (and at least 2), until the step rate"
              + " is stable (at most 3x as long), before timing (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Mixin RooflineOptions roofline;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "PyTorch intra-op threads during the measurement, 0 to keep the engine's setting"
              + " (-Dai.djl.pytorch.num_threads) (default: ${DEFAULT-VALUE}).")
  int threads;

  /** What {@code encode bench} prints, in this order. */
  record Bench(
      int batch,
      int measuredSteps,
      double warmupSeconds,
      List<EmulationBenchmark.Figure> encoders,
      String device,
      String cpu,
      double loadAverageAtStart,
      double wallSeconds,
      MachineRoofline machine,
      RoofDrift roofDrift) {}

  /** Most checkpoint passes (steps x batch) per encoder. */
  static final double MAX_CHECKPOINT_PASSES = 1e7;

  @Override
  public Integer call() throws Exception {
    InvalidInputException.require(steps > 0, "--steps", "must be > 0", steps);
    InvalidInputException.require(batches.batch > 0, "--batch", "must be > 0", batches.batch);
    InvalidInputException.require(
        batches.microBatch >= 0, "--micro-batch", "must be >= 0", batches.microBatch);
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    InvalidInputException.require(threads >= 0, "--threads", "must be >= 0", threads);
    double p = LstmSpec.formalLanguages().parameterCount();
    Budget.memory(
        "--batch", batches.batch, "one step's checkpoints in float", 4 * p * batches.batch);
    Budget.work(
        "--steps / --batch",
        steps + " / " + batches.batch,
        "checkpoint passes",
        (double) steps * batches.batch,
        MAX_CHECKPOINT_PASSES,
        "steps x batch per encoder; hours on 2 CPU cores");
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
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    MachineRoofline machine = roofline.machine();
    List<EmulationBenchmark.Figure> figures;
    try (NDManager manager = NDManager.newBaseManager(common.device())) {
      int before = JniUtils.getNumThreads();
      int used = threads > 0 ? threads : before;
      JniUtils.setNumThreads(used);
      try {
        figures =
            EmulationBenchmark.run(
                kinds,
                LstmSpec.formalLanguages(),
                batches.batch,
                steps,
                warmUp,
                batches.microBatch,
                used,
                work,
                manager,
                machine);
      } finally {
        JniUtils.setNumThreads(before);
      }
    }
    RoofDrift drift = roofline.drift();
    Bench result =
        new Bench(
            batches.batch,
            steps,
            warmupSeconds,
            figures,
            EngineInfo.current().device(),
            MachineProbe.cpuModel(),
            loadAtStart,
            Duration.between(start, Instant.now()).toMillis() / 1000.0,
            machine,
            drift);
    common.print(result);
    return 0;
  }
}
