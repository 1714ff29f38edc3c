package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.Progress;
import org.replearn.core.engine.Seeds;

@Tag("engine")
class ZooTrainerTest {

  /** A small formal-language task for tests: official strings, few evaluation samples. */
  static FormalLanguageZoo smallTask() {
    return new FormalLanguageZoo(42, 10, 1e-4, 20, 3, false);
  }

  @Test
  void batchedTrainingGivesEachModelTheWeightsItGetsAlone() throws Exception {
    ZooTask task = smallTask();
    TrainingRecipe recipe =
        new TrainingRecipe(8, new long[] {99}, new double[] {0.01, 0.003, 0.0003});
    ZooTrainer trainer = new ZooTrainer(task, recipe);
    Seeds seeds = new Seeds(11);
    List<ZooMember> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(task.member(seeds, i));
    }
    try (NDManager manager = NDManager.newBaseManager();
        Progress progress = Progress.start("test", 1)) {
      NDArray together = trainer.train(members, manager, null, (s, w, m, e) -> {}, progress);
      NDArray initial = ZooTrainer.initialWeights(task.spec(), members, manager);
      assertTrue(together.sub(initial).abs().max().getFloat() > 1e-2, "training moved the weights");
      for (int i = 0; i < members.size(); i++) {
        NDArray alone =
            trainer.train(List.of(members.get(i)), manager, null, (s, w, m, e) -> {}, progress);
        float diff = together.get(i).sub(alone.get(0)).abs().max().getFloat();
        assertTrue(diff < 1e-4, "model " + i + " differs by " + diff);
      }
    }
  }

  @Test
  void checkpointsCarryMetricsAndRollouts() throws Exception {
    List<Long> steps = new ArrayList<>();
    trainTwoModels(
        1,
        new long[] {0, 2},
        (step, weights, moments, evaluation) -> {
          steps.add(step);
          assertEquals(2, weights.getShape().get(0));
          assertEquals(13_766, weights.getShape().get(1));
          assertEquals(20, moments.size());
          assertEquals(
              List.of(2L, 3L, 42L),
              List.of(
                  evaluation.sequences().getShape().get(0),
                  evaluation.sequences().getShape().get(1),
                  evaluation.sequences().getShape().get(2)));
          // stored outputs are log-probabilities: each row sums to 1 after exp
          NDArray p =
              evaluation
                  .outputs()
                  .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                  .exp()
                  .sum(new int[] {-1});
          assertTrue(p.sub(1).abs().max().getFloat() < 1e-2);
          for (double[] row : evaluation.metrics()) {
            assertTrue(row[0] >= 0 && row[0] <= row[1] && row[1] <= 20);
          }
        },
        (phase, nanos) -> {});
    assertEquals(List.of(0L, 2L), steps);
  }

  /** A long run's native memory stays flat: every update frees its temporaries. */
  @Test
  void memoryStaysFlatOverManyUpdates() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        org.replearn.core.testing.NativeMemoryProbe.supported());
    long[] resident = new long[2];
    int[] updates = {0};
    trainTwoModels(
        2,
        new long[] {399},
        (s, w, m, e) -> {},
        (phase, nanos) -> {
          if (phase != ZooTrainer.Phase.UPDATE) {
            return;
          }
          updates[0]++;
          if (updates[0] == 100 || updates[0] == 400) {
            System.gc();
            resident[updates[0] == 100 ? 0 : 1] =
                org.replearn.core.testing.NativeMemoryProbe.residentBytes();
          }
        });
    // a leak of one update's temporaries (several MB for these shapes) over 300 updates would be
    // far above this allowance
    long growth = resident[1] - resident[0];
    assertTrue(growth < 64L << 20, "resident memory grew by " + (growth >> 20) + " MiB");
  }

  /**
   * Trains models 0 and 1 of {@link #smallTask()} under {@code new Seeds(seed)} in one batch: batch
   * size 4, learning-rate knots 0.01, 0.003, 0.0003, checkpoints after the updates {@code
   * checkpoints} handed to {@code sink}, timings to {@code timer}.
   */
  private static void trainTwoModels(
      long seed, long[] checkpoints, ZooTrainer.CheckpointSink sink, ZooTrainer.Timer timer)
      throws Exception {
    FormalLanguageZoo task = smallTask();
    TrainingRecipe recipe = new TrainingRecipe(4, checkpoints, new double[] {0.01, 0.003, 0.0003});
    List<ZooMember> members =
        List.of(task.member(new Seeds(seed), 0), task.member(new Seeds(seed), 1));
    try (NDManager manager = NDManager.newBaseManager();
        Progress progress = Progress.start("test", 1)) {
      new ZooTrainer(task, recipe).train(members, manager, null, sink, progress, timer);
    }
  }
}
