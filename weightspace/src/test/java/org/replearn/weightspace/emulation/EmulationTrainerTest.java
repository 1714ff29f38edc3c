package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;

@Tag("engine")
class EmulationTrainerTest {
  private static final LstmSpec SMALL = new LstmSpec(6, 8, 2, 6);

  private static EmulationConfig config(int steps, int evalEvery) {
    return EmulationConfig.builder()
        .optSteps(steps)
        .optBatchSize(16)
        .optLearningRate(3e-3)
        .optClipNorm(1.0)
        .optEvalEvery(evalEvery)
        .optEmulatorHidden(32)
        .build();
  }

  @Test
  void emulationLossFallsOnATinyZoo(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      SyntheticZoo zoo = SyntheticZoo.generate(SMALL, 2, 6, 2, 10, new Seeds(1), manager);
      // held-out models of the training tasks: the encoder must tell the tasks apart from weights
      Splits splits =
          new Splits(
              java.util.stream.IntStream.range(0, 48).filter(r -> r % 6 != 5).toArray(),
              java.util.stream.IntStream.range(0, 48).filter(r -> r % 6 == 5).toArray(),
              new int[0]);
      EmulationRun run = new EmulationRun(EncoderKind.STATS, SMALL, config(120, 40), 7);
      EmulationResult result = new EmulationTrainer(run, zoo, splits, dir).train(manager, false);
      EmulationResult.Evaluation first = result.history().get(0);
      EmulationResult.Evaluation last = result.history().get(result.history().size() - 1);
      assertEquals(0, first.step());
      assertEquals(120, result.steps());
      assertTrue(
          last.trainLoss() < 0.7 * first.trainLoss(),
          "training loss must fall: " + first.trainLoss() + " -> " + last.trainLoss());
      assertTrue(
          last.validationLoss() < first.validationLoss(),
          "validation loss must fall: " + first.validationLoss() + " -> " + last.validationLoss());
      assertTrue(Files.exists(dir.resolve(EmulationRun.BEST)));
    }
  }

  @Test
  void resumedRunEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      SyntheticZoo zoo = SyntheticZoo.generate(SMALL, 2, 2, 2, 6, new Seeds(2), manager);
      Splits splits = zoo.splitByTask(2, 1, new java.util.SplittableRandom(3));
      EmulationRun full = new EmulationRun(EncoderKind.FLAT, SMALL, config(6, 3), 9);
      EmulationResult uninterrupted =
          new EmulationTrainer(full, zoo, splits, dir.resolve("a")).train(manager, false);
      EmulationRun half = new EmulationRun(EncoderKind.FLAT, SMALL, config(3, 3), 9);
      new EmulationTrainer(half, zoo, splits, dir.resolve("b")).train(manager, false);
      Files.delete(dir.resolve("b").resolve(EmulationRun.FILE)); // same run, longer budget
      EmulationResult resumed =
          new EmulationTrainer(full, zoo, splits, dir.resolve("b")).train(manager, true);
      assertEquals(uninterrupted.history(), resumed.history());
    }
  }
}
