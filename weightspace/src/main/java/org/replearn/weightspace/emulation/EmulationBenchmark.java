package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.engine.Seeds;
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
   * @param msPerStep wall milliseconds per training step (after warm-up)
   * @param stepsPerSecond 1000 / msPerStep
   */
  public record Figure(
      String encoder, long encoderParameters, double msPerStep, double stepsPerSecond) {}

  /**
   * Measures each encoder.
   *
   * @param kinds encoders to measure
   * @param batch checkpoints per step (official 64)
   * @param steps measured steps per encoder, after 2 warm-up steps
   * @param workDir scratch folder for the runs' checkpoints
   */
  public static List<Figure> run(
      List<EncoderKind> kinds,
      LstmSpec layout,
      int batch,
      int steps,
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
            official.emulatorHidden());
    List<Figure> figures = new ArrayList<>();
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
              kind.cliName(), parameters, 1000 / result.stepsPerSecond(), result.stepsPerSecond()));
    }
    return figures;
  }
}
