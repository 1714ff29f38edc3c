package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * Encoders trained at once on several workers give exactly the outcomes of one worker, in the order
 * asked for (a formal-language zoo of 8 models x 2 checkpoints written by the zoo package).
 */
@Tag("engine")
class EncoderComparisonWorkersTest {
  @TempDir Path tmp;

  @Test
  void outcomesDoNotDependOnTheNumberOfWorkers() throws Exception {
    FormalLanguageZoo task = new FormalLanguageZoo(42, 10, 1e-4, 20, 3, false);
    TrainingRecipe recipe =
        new TrainingRecipe(4, new long[] {0, 3}, new double[] {0.01, 0.003, 0.0003});
    ZooStore store = new ZooStore(tmp.resolve("zoo"));
    ZooGenerator.generate(
        store, task, ZooGenerator.newSpec(task, recipe, 8, 4, 7), false, (b, s) -> {});
    EncoderComparison.Settings settings =
        new EncoderComparison.Settings(
            List.of(EncoderKind.FLAT, EncoderKind.NONINTERACTIVE, EncoderKind.STATS),
            new EmulationConfig(3, 4, 1e-3, 0.01, 0.1, 3, 0, EmulationLoss.TOTAL_VARIATION, 16, 0),
            0,
            2,
            new EmbeddingPredictor.Config(8, 5, 8, 1e-3, 0.01),
            0,
            0,
            true,
            List.of(EncoderKind.STATS));
    int threads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      List<EncoderComparison.Outcome> one =
          EncoderComparison.run(view, settings, new Seeds(5), tmp.resolve("one"), manager, 1);
      List<EncoderComparison.Outcome> three =
          EncoderComparison.run(view, settings, new Seeds(5), tmp.resolve("three"), manager, 3);
      assertEquals(
          List.of("flat", "noninteractive", "stats"),
          three.stream().map(EncoderComparison.Outcome::encoder).toList());
      for (int e = 0; e < one.size(); e++) {
        EncoderComparison.Outcome a = one.get(e);
        EncoderComparison.Outcome b = three.get(e);
        assertEquals(a.encoder(), b.encoder());
        assertEquals(a.emulation().bestValidationLoss(), b.emulation().bestValidationLoss());
        assertEquals(a.mismatchedValidationLoss(), b.mismatchedValidationLoss());
        for (int r = 0; r < a.embeddings().length; r++) {
          assertArrayEquals(a.embeddings()[r], b.embeddings()[r], a.encoder() + " row " + r);
        }
        for (int t = 0; t < a.downstream().size(); t++) {
          assertArrayEquals(a.downstream().get(t).oodPerSeed(), b.downstream().get(t).oodPerSeed());
          assertArrayEquals(
              a.downstream().get(t).validationPerSeed(), b.downstream().get(t).validationPerSeed());
        }
        assertEquals(a.stepZero() == null, b.stepZero() == null);
      }
    } finally {
      JniUtils.setNumThreads(threads);
    }
  }

  @Test
  void theLongestRunsStartFirst() {
    EncoderComparison.Settings settings =
        new EncoderComparison.Settings(
            List.of(EncoderKind.values()),
            new EmulationConfig(
                100, 4, 1e-3, 0.01, 0.1, 10, 0, EmulationLoss.TOTAL_VARIATION, 16, 0),
            10,
            2,
            new EmbeddingPredictor.Config(8, 5, 8, 1e-3, 0.01),
            0,
            0,
            false,
            List.of(EncoderKind.STATS));
    // plus 300 evaluation step-equivalents each: transformer 40 x (10 + 300) = 12,400;
    // DWS 3.4 x (100 + 300) = 1,360; stats with its diagnostic 1.1 x (2 x 100 + 300) = 550;
    // interactive 2 x (100 + 300) = 800
    assertEquals(12_400, EncoderComparison.expectedCost(EncoderKind.TRANSFORMER, settings), 1e-9);
    assertEquals(1_360, EncoderComparison.expectedCost(EncoderKind.DWS, settings), 1e-9);
    assertEquals(550, EncoderComparison.expectedCost(EncoderKind.STATS, settings), 1e-9);
    assertEquals(800, EncoderComparison.expectedCost(EncoderKind.INTERACTIVE, settings), 1e-9);
  }
}
