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
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.GradientClipping;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Training throughput of each encoder in the official emulation recipe: batch 64 checkpoints of the
 * formal-languages model, one 41-step rollout each, the 2 x 256 emulator, TV loss, AdamW with
 * per-module clipping. Data come from a {@link SyntheticZoo} (the cost does not depend on the
 * values). Each encoder (and the emulator alone, as the reference) first runs training steps until
 * {@code warmupSeconds} have passed (at least 2 steps, as JMH warms up by time: the JIT, the
 * allocator's arenas and oneDNN's primitive caches settle), then times {@code steps} steps one by
 * one and reports their minimum, median and maximum. Steps are the trainer's own ({@link
 * EmulationTrainer#step}); no evaluation or checkpoint is timed.
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
      double loadAverage) {}

  /**
   * Measures the emulator alone, then each encoder.
   *
   * @param kinds encoders to measure
   * @param batch checkpoints per step (official 64)
   * @param steps timed steps per encoder, after the warm-up
   * @param warmupSeconds untimed steps run for at least this long first (and at least 2)
   * @param microBatch checkpoints per forward/backward pass (0: each encoder's default)
   * @param threads PyTorch intra-op threads, reported with the figures (set by the caller)
   * @param workDir scratch folder for the runs' definitions
   */
  public static List<Figure> run(
      List<EncoderKind> kinds,
      LstmSpec layout,
      int batch,
      int steps,
      double warmupSeconds,
      int microBatch,
      int threads,
      Path workDir,
      NDManager manager)
      throws IOException {
    SyntheticZoo zoo =
        SyntheticZoo.generate(layout, 2, Math.max(1, batch / 8), 1, 41, new Seeds(0), manager);
    int[] all = java.util.stream.IntStream.range(0, zoo.rowCount()).toArray();
    Splits splits = new Splits(all, new int[0], new int[0]);
    EmulationConfig official = EmulationConfig.official();
    EmulationConfig config =
        new EmulationConfig(
            steps,
            batch,
            official.learningRate(),
            official.weightDecay(),
            official.clipNorm(),
            steps,
            1,
            official.loss(),
            official.emulatorHidden(),
            microBatch);
    List<Figure> figures = new ArrayList<>();
    figures.add(emulatorOnly(zoo, batch, steps, warmupSeconds, threads, manager));
    for (EncoderKind kind : kinds) {
      Path dir = Files.createDirectories(workDir.resolve(kind.cliName()));
      EmulationRun run = new EmulationRun(kind, layout, config, 0);
      EmulationTrainer trainer = new EmulationTrainer(run, zoo, splits, dir);
      try (WeightEncoder encoder = run.newEncoder(manager);
          Emulator emulator = run.newEmulator(manager)) {
        List<NDArray> trained = new ArrayList<>(encoder.parameters().list());
        trained.addAll(emulator.parameters().list());
        NDList attached = encoder.parameters().asNDList().addAll(emulator.parameters().asNDList());
        try (AdamW adam =
            new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, config.weightDecay()), trained)) {
          Samples samples =
              measure(
                  warmupSeconds,
                  steps,
                  step -> {
                    try (NDManager scope = manager.newSubManager()) {
                      scope.tempAttachAll(attached);
                      trainer.step(encoder, emulator, adam, step, scope);
                    }
                  });
          figures.add(
              samples.figure(
                  kind.cliName(),
                  encoder.parameters().count(),
                  config.microBatchFor(kind),
                  threads));
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
      double warmupSeconds,
      int threads,
      NDManager manager) {
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
        Samples samples =
            measure(
                warmupSeconds,
                steps,
                step -> {
                  try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(attached);
                    EmulationBatch b = EmulationBatch.of(data, rows, rollouts, null, scope);
                    NDArray z = scope.randomNormal(new Shape(batch, 16));
                    z = z.div(z.square().sum(new int[] {1}, true).sqrt());
                    try (GradientCollector collector =
                        Engine.getInstance().newGradientCollector()) {
                      collector.backward(
                          official
                              .loss()
                              .perModel(emulator.forward(b.inputs(), z), b.targets())
                              .mean());
                    }
                    List<NDArray> grads = Gradients.of(params, scope);
                    GradientClipping.clipByGlobalNorm(grads, official.clipNorm());
                    scope.tempAttachAll(new NDList(adam.state()));
                    adam.step(grads, official.learningRate());
                    Gradients.zero(grads);
                  }
                });
        return samples.figure("emulator only (reference)", 0, batch, threads);
      }
    }
  }

  /** Per-step times of the timed steps and the count of warm-up steps. */
  private record Samples(int warmupSteps, double[] wallMs, double[] cpuMs, double[] processMs) {
    Figure figure(String encoder, long parameters, int microBatch, int threads) {
      double[] wall = sorted(wallMs);
      double[] cpu = sorted(cpuMs);
      double median = median(wall);
      return new Figure(
          encoder,
          parameters,
          microBatch,
          threads,
          warmupSteps,
          wall.length,
          median,
          wall[0],
          wall[wall.length - 1],
          1000 / median,
          median(cpu),
          cpu[0],
          cpu[cpu.length - 1],
          median(sorted(processMs)),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double[] sorted(double[] values) {
      double[] copy = values.clone();
      Arrays.sort(copy);
      return copy;
    }

    private static double median(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }

  /** Runs {@code step} (given its index) for the warm-up, then times {@code steps} calls. */
  private static Samples measure(double warmupSeconds, int steps, LongConsumer step) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long index = 0;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (index < 2 || System.nanoTime() < warmupEnd) {
      step.accept(index++);
    }
    int warmup = (int) index;
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
    return new Samples(warmup, wall, cpu, process);
  }
}
