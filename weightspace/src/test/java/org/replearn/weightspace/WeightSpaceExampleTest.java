package org.replearn.weightspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.FormalLanguage;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;

/** Runs the README's "From Java" weight-space example (ReadmeExamplesTest checks it is there). */
@Tag("engine")
class WeightSpaceExampleTest {

  @Test
  void readmeExample(@TempDir Path dir) throws Exception {
    // README example: begin
    Path zoo = dir.resolve("zoo");
    // 12 LSTMs on formal languages, checkpoints after 0 and 4 updates of batch 4
    ZooGenerator.Result made =
        WeightSpace.generateZoo(
            zoo,
            new FormalLanguageZoo(
                FormalLanguage.OFFICIAL_LENGTH, FormalLanguage.OFFICIAL_MAX_N, 1e-4, 10, 2, false),
            new TrainingRecipe(4, new long[] {0, 4}, new double[] {0.01, 0.003, 0.0003}),
            12,
            42L);
    WeightSpace.Zoo read = WeightSpace.readZoo(zoo);
    Path run = dir.resolve("encoder");
    EmulationResult trained =
        WeightSpace.trainEncoder(
            zoo,
            EncoderKind.STATS,
            EmulationConfig.builder()
                .optSteps(4)
                .optBatchSize(4)
                .optEvalEvery(2)
                .optEmulatorHidden(16)
                .build(),
            7L,
            run);
    WeightSpace.Embeddings embedded = WeightSpace.embed(run, zoo);
    System.out.printf(
        "%d checkpoints, best validation loss %.3f, embeddings %d x %d%n",
        read.rows().size(),
        trained.bestValidationLoss(),
        embedded.vectors().length,
        embedded.vectors()[0].length);
    // README example: end
    assertEquals(12 * 2, made.rows());
    assertEquals(made.rows(), read.rows().size());
    assertEquals("formal-languages", read.spec().family());
    assertEquals(4, trained.steps());
    assertEquals(read.rows().size(), embedded.vectors().length);
    assertEquals(read.rows().size(), embedded.taskOfRow().length);
    for (float[] z : embedded.vectors()) {
      double norm = 0;
      for (float v : z) {
        norm += v * v;
      }
      assertEquals(1.0, Math.sqrt(norm), 1e-4, "embeddings are unit-norm");
    }
    assertTrue(Double.isFinite(trained.finalTrainLoss()));
    assertTrue(Double.isFinite(trained.bestValidationLoss()), "12 models leave validation tasks");
  }
}
