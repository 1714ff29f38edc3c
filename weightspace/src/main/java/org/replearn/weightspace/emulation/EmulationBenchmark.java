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
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.GradientClipping;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Training throughput of each encoder in the official emulation recipe: batch 64 checkpoints of the
 * formal-languages model, one 41-step rollout each, the 2 x 256 emulator, TV loss, AdamW with
 * per-module clipping. Data come from a {@link SyntheticZoo} (the cost does not depend on the
 * values).
 */
public final class EmulationBenchmark {
  private EmulationBenchmark() {}

  /**
   * One encoder's figures.
   *
   * @param encoder CLI name
   * @param encoderParameters trainable parameters of the encoder
   * @param microBatch checkpoints per forward/backward pass within the step
   * @param msPerStep wall milliseconds per training step (after warm-up)
   * @param stepsPerSecond 1000 / msPerStep
   * @param cpuMsPerStep CPU milliseconds of the training thread per step (all of the step's work
   *     with one PyTorch thread; unaffected by other processes on the cores, unlike msPerStep)
   */
  public record Figure(
      String encoder,
      long encoderParameters,
      int microBatch,
      double msPerStep,
      double stepsPerSecond,
      double cpuMsPerStep) {}

  /**
   * Measures each encoder.
   *
   * @param kinds encoders to measure
   * @param batch checkpoints per step (official 64)
   * @param steps measured steps per encoder, after 2 warm-up steps
   * @param microBatch checkpoints per forward/backward pass (0: each encoder's default)
   * @param workDir scratch folder for the runs' checkpoints
   */
  public static List<Figure> run(
      List<EncoderKind> kinds,
      LstmSpec layout,
      int batch,
      int steps,
      int microBatch,
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
    figures.add(emulatorOnly(zoo, batch, steps, manager));
    for (EncoderKind kind : kinds) {
      Path dir = Files.createDirectories(workDir.resolve(kind.cliName()));
      EmulationRun warmup = new EmulationRun(kind, layout, config.withSteps(2, 2), 0);
      new EmulationTrainer(warmup, zoo, splits, dir.resolve("warmup")).train(manager, false);
      EmulationRun run = new EmulationRun(kind, layout, config, 0);
      EmulationResult result =
          new EmulationTrainer(run, zoo, splits, dir.resolve("run")).train(manager, false);
      long parameters;
      try (var encoder = run.newEncoder(manager)) {
        parameters = encoder.parameters().count();
      }
      figures.add(
          new Figure(
              kind.cliName(),
              parameters,
              config.microBatchFor(kind),
              1000 / result.stepsPerSecond(),
              result.stepsPerSecond(),
              result.cpuMillisPerStep()));
    }
    return figures;
  }

  /**
   * The reference: one step of the official recipe's emulator alone (fixed unit-norm embeddings, no
   * encoder): forward, backward, clipping and AdamW at the given batch.
   */
  static Figure emulatorOnly(EmulationData data, int batch, int steps, NDManager manager) {
    LstmSpec spec = data.layout();
    EmulationConfig official = EmulationConfig.official();
    try (Emulator emulator =
        Emulator.official(manager, new SplittableRandom(0), spec.inputSize(), spec.outputSize())) {
      List<NDArray> params = emulator.parameters().list();
      NDList attached = new NDList(params);
      long nanos = 0;
      long cpuNanos = 0;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      try (AdamW adam =
          new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, official.weightDecay()), params)) {
        for (int step = 0; step < steps + 2; step++) {
          int[] rows = new int[batch];
          int[] rollouts = new int[batch];
          for (int i = 0; i < batch; i++) {
            rows[i] = i % data.rowCount();
          }
          long t0 = System.nanoTime();
          long cpu0 = threads.getCurrentThreadCpuTime();
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(attached);
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
          }
          if (step >= 2) {
            nanos += System.nanoTime() - t0;
            cpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
          }
        }
      }
      double ms = nanos / 1e6 / steps;
      return new Figure(
          "emulator only (reference)", 0, batch, ms, 1000 / ms, cpuNanos / 1e6 / steps);
    }
  }
}
