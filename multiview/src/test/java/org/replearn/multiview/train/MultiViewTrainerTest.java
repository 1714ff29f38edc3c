package org.replearn.multiview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.multiview.loss.MultiViewLosses;

@Tag("engine")
class MultiViewTrainerTest {

  /** Every step scopes its temporaries: native arrays do not accumulate over steps. */
  @Test
  void memoryStaysFlatAcrossSteps() {
    SyntheticViews source = new SyntheticViews(256, new Seeds(1), 0);
    for (String loss : MultiViewLosses.NAMES) {
      try (NDManager manager = NDManager.newBaseManager()) {
        MultiViewModel model = model(manager, source);
        MultiViewTrainer.Config short1 = new MultiViewTrainer.Config(3, 16, 1, 1e-3, 0, 5, 0.05);
        MultiViewTrainer.Config long3 = new MultiViewTrainer.Config(3, 16, 3, 1e-3, 0, 5, 0.05);
        MultiViewTrainer.train(
            model, source, MultiViewLosses.create(loss, 0.05, 0.1), short1, new Seeds(3));
        int after16 = manager.getManagedArrays().size();
        MultiViewTrainer.train(
            model, source, MultiViewLosses.create(loss, 0.05, 0.1), long3, new Seeds(3));
        assertEquals(after16, manager.getManagedArrays().size(), loss);
      }
    }
  }

  /**
   * The same seed gives the same training curve bit for bit. The first run starts with the solver's
   * kernels interpreted, the second with them compiled: with the Vector API's own EXP (SVML once
   * compiled, Math.exp before) the curves parted after a few steps.
   */
  @Test
  void trainingIsDeterministic() {
    SyntheticViews source = new SyntheticViews(128, new Seeds(1), 0);
    double[][] curves = new double[2][];
    for (int rep = 0; rep < 2; rep++) {
      try (NDManager manager = NDManager.newBaseManager()) {
        MultiViewModel model = model(manager, source);
        curves[rep] =
            MultiViewTrainer.train(
                    model,
                    source,
                    MultiViewLosses.create("m3g", 0.05, 0.1),
                    new MultiViewTrainer.Config(3, 16, 1, 1e-3, 0, 5, 0.05),
                    new Seeds(3))
                .loss();
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(curves[0], curves[1]);
  }

  /**
   * A run stopped after one epoch and resumed gives the uninterrupted run's curve, weights and
   * monitor values, bit for bit.
   */
  @Test
  void resumedRunMatchesUninterruptedRun(@TempDir Path dir) throws Exception {
    SyntheticViews source = new SyntheticViews(128, new Seeds(1), 0);
    MultiViewTrainer.Config one = new MultiViewTrainer.Config(3, 16, 1, 1e-3, 1e-4, 5, 0.05);
    MultiViewTrainer.Config two = new MultiViewTrainer.Config(3, 16, 2, 1e-3, 1e-4, 5, 0.05);
    double[] straight;
    float[] straightWeights;
    int[] straightMonitor;
    double[] straightMonitorValues;
    try (NDManager manager = NDManager.newBaseManager()) {
      MultiViewModel model = model(manager, source);
      MultiViewTrainer.History h =
          MultiViewTrainer.train(
              model, source, MultiViewLosses.create("m3g", 0.05, 0.1), two, new Seeds(3));
      straight = h.loss();
      straightMonitor = h.monitorSteps();
      straightMonitorValues = h.monitorM3g();
      straightWeights = model.parameters().get(0).toFloatArray();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      MultiViewTrainer.train(
          model(manager, source),
          source,
          MultiViewLosses.create("m3g", 0.05, 0.1),
          one,
          new Seeds(3),
          dir);
    }
    assertTrue(Files.isRegularFile(dir.resolve("checkpoint-1.safetensors")));
    try (NDManager manager = NDManager.newBaseManager()) {
      MultiViewModel model = model(manager, source);
      MultiViewTrainer.History h =
          MultiViewTrainer.train(
              model, source, MultiViewLosses.create("m3g", 0.05, 0.1), two, new Seeds(3), dir);
      org.junit.jupiter.api.Assertions.assertArrayEquals(straight, h.loss());
      org.junit.jupiter.api.Assertions.assertArrayEquals(straightMonitor, h.monitorSteps());
      // evaluation-mode values: they depend on the projector's batch-norm running statistics,
      // which the checkpoint must carry as well as the trainable parameters
      org.junit.jupiter.api.Assertions.assertArrayEquals(straightMonitorValues, h.monitorM3g());
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          straightWeights, model.parameters().get(0).toFloatArray());
    }
    assertTrue(Files.isRegularFile(dir.resolve("checkpoint-2.safetensors")));
    assertTrue(!Files.exists(dir.resolve("checkpoint-1.safetensors")));
  }

  /**
   * A checkpoint file left by a run killed between writing the next checkpoint and deleting the
   * previous one is removed by the next save: the folder ends as an uninterrupted run's.
   */
  @Test
  void aSaveRemovesTensorFilesLeftByAKilledRun(@TempDir Path dir) throws Exception {
    SyntheticViews source = new SyntheticViews(64, new Seeds(1), 0);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("checkpoint-7.safetensors"), "stale");
    try (NDManager manager = NDManager.newBaseManager()) {
      MultiViewTrainer.train(
          model(manager, source),
          source,
          MultiViewLosses.create("m3g", 0.05, 0.1),
          MultiViewTrainer.Config.builder().optViews(3).optBatch(16).optMonitorEvery(5).build(),
          new Seeds(3),
          dir);
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(
          java.util.List.of("checkpoint-1.safetensors", "checkpoint.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  /** A 16-16 MLP encoder with a 16-8 projector, initialised from seed 2. */
  private static MultiViewModel model(NDManager manager, SyntheticViews source) {
    return new MultiViewModel(
        Encoders.mlp(16, 16),
        Encoders.projector(16, 8),
        manager,
        source.inputShape(),
        new Seeds(2));
  }
}
