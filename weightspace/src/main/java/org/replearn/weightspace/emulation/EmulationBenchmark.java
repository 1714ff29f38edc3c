package org.replearn.weightspace.emulation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.Spread;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.GradientClipping;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;
import org.replearn.weightspace.zoo.LstmWork;

/**
 * Training throughput of each encoder in the official emulation recipe: batch 64 checkpoints of the
 * formal-languages model, one 41-step rollout each, the 2 x 256 emulator, TV loss, AdamW with
 * per-module clipping. Data come from a {@link SyntheticZoo} (the cost does not depend on the
 * values). Each encoder (and the emulator alone, as the reference) first runs training steps until
 * the step rate is stable ({@link WarmUp}, at least 2 steps, as JMH warms up by time: the JIT, the
 * allocator's arenas and oneDNN's primitive caches settle), then times {@code steps} steps one by
 * one and reports their minimum, median and maximum. Steps are the trainer's own ({@link
 * EmulationTrainer#step}); no evaluation or checkpoint is timed.
 *
 * <p>Work is counted for the emulator's share of a step ({@link #emulatorWork}: the LSTM forward
 * and backward of {@link LstmWork} at the folded input width, and AdamW over the emulator's
 * parameters); an encoder's own work is not counted, so on encoder rows {@code fractionOfRoofline}
 * is a lower bound (the emulator's bound over the whole step's time).
 */
public final class EmulationBenchmark {
  private EmulationBenchmark() {}

  /**
   * One encoder's figures; times are per training step, medians unless named otherwise.
   *
   * @param encoder CLI name
   * @param encoderParameters trainable parameters of the encoder
   * @param microBatch checkpoints per forward/backward pass within the step
   * @param threads PyTorch intra-op threads during the measurement
   * @param warmupSteps steps run before timing (by time)
   * @param measuredSteps timed steps
   * @param msPerStep median wall milliseconds per step
   * @param msMin fastest step, wall
   * @param msMax slowest step, wall
   * @param stepsPerSecond 1000 / msPerStep
   * @param cpuMsPerStep median CPU milliseconds of the training thread per step (with one PyTorch
   *     thread all of the step's work runs on it, so other processes on the cores do not inflate it
   *     as they do the wall time; with more threads it misses the other threads' share)
   * @param cpuMsMin fastest step, training-thread CPU
   * @param cpuMsMax slowest step, training-thread CPU
   * @param processCpuMsPerStep median CPU milliseconds of the whole process per step (all PyTorch
   *     threads, plus the JVM's compiler and collector threads)
   * @param loadAverage the system's 1-minute load average when the measurement ended
   * @param warmupStable whether the warm-up ended on a stable rate (not its time limit)
   * @param emulatorWork the emulator's share of one step's work ({@link #emulatorWork})
   * @param roofline the emulator's work against the machine figures at the median step time, or
   *     null without them
   */
  public record Figure(
      String encoder,
      long encoderParameters,
      int microBatch,
      int threads,
      int warmupSteps,
      int measuredSteps,
      double msPerStep,
      double msMin,
      double msMax,
      double stepsPerSecond,
      double cpuMsPerStep,
      double cpuMsMin,
      double cpuMsMax,
      double processCpuMsPerStep,
      double loadAverage,
      boolean warmupStable,
      Work emulatorWork,
      Roofline roofline) {}

  /** Steps of each emulated rollout (the formal-language sequence length 42 minus BOS). */
  static final int ROLLOUT_STEPS = 41;

  /** LSTM layers of the official emulator. */
  static final int EMULATOR_LAYERS = 2;

  /**
   * The emulator's share of one training step on {@code batch} checkpoints: {@link
   * LstmWork#forwardBackward} of an LSTM with the zoo model's input and output sizes (both input
   * projections are folded into the first layer, {@link Emulator}) and {@code hidden} units over 41
   * steps, plus AdamW over the emulator's {@code emulatorParameters} stored parameters.
   */
  public static Work emulatorWork(LstmSpec layout, int hidden, int batch, long emulatorParameters) {
    LstmSpec emulator =
        new LstmSpec(layout.inputSize(), hidden, EMULATOR_LAYERS, layout.outputSize());
    return LstmWork.forwardBackward(emulator, ROLLOUT_STEPS, batch)
        .plus(LstmWork.adamW(emulatorParameters));
  }

  /**
   * Measures the emulator alone, then each encoder.
   *
   * @param kinds encoders to measure
   * @param batch checkpoints per step (official 64)
   * @param steps timed steps per encoder, after the warm-up
   * @param warmUp the warm-up before each encoder's timed steps
   * @param machine the machine figures for the roofline, or null
   * @param microBatch checkpoints per forward/backward pass (0: each encoder's default)
   * @param threads PyTorch intra-op threads, reported with the figures (set by the caller)
   * @param workDir scratch folder for the runs' definitions
   */
  public static List<Figure> run(
      List<EncoderKind> kinds,
      LstmSpec layout,
      int batch,
      int steps,
      WarmUp warmUp,
      int microBatch,
      int threads,
      Path workDir,
      NDManager manager,
      MachineRoofline machine)
      throws IOException {
    SyntheticZoo zoo =
        SyntheticZoo.generate(
            layout, 2, Math.max(1, batch / 8), 1, ROLLOUT_STEPS, new Seeds(0), manager);
    int[] all = java.util.stream.IntStream.range(0, zoo.rowCount()).toArray();
    Splits splits = new Splits(all, new int[0], new int[0]);
    EmulationConfig config =
        EmulationConfig.official().toBuilder()
            .optSteps(steps)
            .optBatchSize(batch)
            .optEvalEvery(steps)
            .optEvalRows(1)
            .optMicroBatch(microBatch)
            .build();
    List<Figure> figures = new ArrayList<>();
    figures.add(emulatorOnly(zoo, batch, steps, warmUp, threads, manager, machine));
    for (EncoderKind kind : kinds) {
      Path dir = Files.createDirectories(workDir.resolve(kind.cliName()));
      EmulationRun run = new EmulationRun(kind, layout, config, 0);
      EmulationTrainer trainer = new EmulationTrainer(run, zoo, splits, dir);
      try (WeightEncoder encoder = run.newEncoder(manager);
          Emulator emulator = run.newEmulator(manager)) {
        NDList attached = EmulationTrainer.allParameters(encoder, emulator);
        try (AdamW adam = trainer.newAdam(encoder, emulator)) {
          ScopedStep step = (index, scope) -> trainer.step(encoder, emulator, adam, index, scope);
          Samples samples = measure(warmUp, steps, manager, attached, step);
          Work work =
              emulatorWork(layout, config.emulatorHidden(), batch, emulator.parameters().count());
          figures.add(
              samples.figure(
                  kind.cliName(),
                  encoder.parameters().count(),
                  config.microBatchFor(kind),
                  threads,
                  work,
                  machine));
        }
      }
    }
    return figures;
  }

  /**
   * The reference: one step of the official recipe's emulator alone (fixed unit-norm embeddings, no
   * encoder): forward, backward, clipping and AdamW at the given batch.
   */
  static Figure emulatorOnly(
      EmulationData data,
      int batch,
      int steps,
      WarmUp warmUp,
      int threads,
      NDManager manager,
      MachineRoofline machine) {
    LstmSpec spec = data.layout();
    EmulationConfig official = EmulationConfig.official();
    try (Emulator emulator =
        Emulator.official(manager, new SplittableRandom(0), spec.inputSize(), spec.outputSize())) {
      List<NDArray> params = emulator.parameters().list();
      NDList attached = new NDList(params);
      try (AdamW adam =
          new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, official.weightDecay()), params)) {
        int[] rows = new int[batch];
        int[] rollouts = new int[batch];
        for (int i = 0; i < batch; i++) {
          rows[i] = i % data.rowCount();
        }
        ScopedStep step =
            (index, scope) -> {
              EmulationBatch b = EmulationBatch.of(data, rows, rollouts, null, scope);
              NDArray z = scope.randomNormal(new Shape(batch, 16));
              z = z.div(z.square().sum(new int[] {1}, true).sqrt());
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(
                    official.loss().perModel(emulator.forward(b.inputs(), z), b.targets()).mean());
              }
              List<NDArray> grads = Gradients.of(params, scope);
              GradientClipping.clipByGlobalNorm(grads, official.clipNorm());
              scope.tempAttachAll(new NDList(adam.state()));
              adam.step(grads, official.learningRate());
              Gradients.zero(grads);
            };
        Samples samples = measure(warmUp, steps, manager, attached, step);
        Work work =
            emulatorWork(spec, official.emulatorHidden(), batch, emulator.parameters().count());
        return samples.figure("emulator only (reference)", 0, batch, threads, work, machine);
      }
    }
  }

  /** Per-step times of the timed steps and the count of warm-up steps. */
  private record Samples(
      WarmUp.Outcome warmUp, double[] wallMs, double[] cpuMs, double[] processMs) {
    Figure figure(
        String encoder,
        long parameters,
        int microBatch,
        int threads,
        Work work,
        MachineRoofline machine) {
      Spread wall = Spread.of(wallMs);
      Spread cpu = Spread.of(cpuMs);
      double median = wall.median();
      return new Figure(
          encoder,
          parameters,
          microBatch,
          threads,
          (int) warmUp.steps(),
          wall.count(),
          median,
          wall.min(),
          wall.max(),
          1000 / median,
          cpu.median(),
          cpu.min(),
          cpu.max(),
          Spread.of(processMs).median(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          warmUp.reason() == WarmUp.Reason.STABLE,
          work,
          machine == null ? null : Roofline.of(work, median / 1e3, machine, threads));
    }
  }

  /** One benchmark step: its index and a sub-manager of the benchmark's that it may fill. */
  @FunctionalInterface
  private interface ScopedStep {
    void run(long step, NDManager scope);
  }

  /**
   * Runs {@code step} (given its index) for the warm-up, then times {@code steps} calls; each call
   * gets a fresh sub-manager of {@code manager} with {@code attached} attached for the call, and
   * closed (timed with it) when the call returns.
   */
  private static Samples measure(
      WarmUp warmUp, int steps, NDManager manager, NDList attached, ScopedStep scoped) {
    LongConsumer step =
        index -> {
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(attached);
            scoped.run(index, scope);
          }
        };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    WarmUp.Outcome warm = warmUp.run(step);
    long index = warm.steps();
    double[] wall = new double[steps];
    double[] cpu = new double[steps];
    double[] process = new double[steps];
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long process0 = os.getProcessCpuTime();
      step.accept(index++);
      wall[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
      process[i] = (os.getProcessCpuTime() - process0) / 1e6;
    }
    return new Samples(warm, wall, cpu, process);
  }
}
