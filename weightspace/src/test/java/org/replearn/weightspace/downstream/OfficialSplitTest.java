package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * The official split and OOD half-move on a formal-language zoo written by the zoo package (216
 * models, covering task assignment, one checkpoint each), checked against the official code's
 * selection computed with numpy: {@code weightspace/src/test/python/official_split.py} (numpy
 * 2.4.6, argsort with kind='stable'; tasks written as (d_b, d_c, d_d)).
 */
@Tag("engine")
class OfficialSplitTest {
  @TempDir Path tmp;

  /** Validation tasks (np.random.seed(1) permutation). */
  private static final int[][] VALIDATION = {
    {2, -3, 1}, {1, 2, 0}, {-3, 2, -3}, {-3, 2, 1}, {-3, -2, -3}, {2, 1, -3}, {-3, 2, 0},
    {-2, 2, -2}, {0, -1, -2}, {-1, -2, -3}, {-2, 0, 2}, {-3, 1, -1}, {-2, 2, 2}, {2, -3, 2},
    {-1, -2, 1}, {-2, 1, 1}, {-3, 0, -1}, {-2, -1, 1}, {1, -2, -1}, {1, -1, -3}, {-1, 2, -1},
    {-3, -3, -1}, {-3, -1, -2}, {-2, -2, 0}, {2, 1, 0}, {-1, 1, 2}, {-2, -3, 0}, {2, 0, 1},
    {-2, -3, -1}, {-2, 0, -2}, {-1, -3, -2}, {-3, -1, 2}
  };

  /** OOD tasks kept as the downstream OOD test set (np.random.seed(2) permutation, first 16). */
  private static final int[][] KEPT_OOD = {
    {0, 0, -1}, {0, 1, -1}, {0, -1, -1}, {1, 1, 2}, {0, 1, 0}, {0, 1, 1}, {2, 1, 2}, {-1, 0, -1},
    {-1, -2, -1}, {2, 2, 1}, {1, 0, -1}, {0, 0, 1}, {0, -1, 0}, {1, 0, 1}, {1, 2, 1}, {0, 0, -2}
  };

  /** OOD tasks moved into downstream training (the other 17). */
  private static final int[][] MOVED_OOD = {
    {-1, 0, 1},
    {0, -2, 0},
    {-1, -1, -1},
    {2, 2, 2},
    {0, 0, 0},
    {1, 0, 0},
    {2, 1, 1},
    {-2, 0, 0},
    {-1, 1, 0},
    {1, 1, 1},
    {-1, 0, 0},
    {-1, -1, 0},
    {-2, -1, -1},
    {1, 1, 0},
    {0, -1, 1},
    {-1, -1, -2},
    {1, -1, 0}
  };

  @Test
  void splitAndHalfMoveEqualTheOfficialSelection() throws Exception {
    FormalLanguageZoo task = new FormalLanguageZoo(42, 10, 1e-4, 2, 1, false).withCoveringTasks();
    TrainingRecipe recipe =
        new TrainingRecipe(2, new long[] {0}, new double[] {0.01, 0.003, 0.0003});
    ZooSpec spec = ZooGenerator.newSpec(task, recipe, 216, 72, 5);
    ZooStore store = new ZooStore(tmp.resolve("zoo"));
    ZooGenerator.generate(store, task, spec, false, (b, s) -> {});
    List<ZooIndex.Row> rows = store.readIndex().rows();
    Set<List<Integer>> all = new HashSet<>();
    rows.forEach(r -> all.add(key(r.task())));
    assertEquals(216, rows.size());
    assertEquals(216, all.size(), "covering assignment: every task exactly once");
    assertEquals("covering", store.readSpec().taskSettings().get("taskAssignment"));
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      assertEquals(set(VALIDATION), tasksOf(rows, view.splits().validation()));
      Set<List<Integer>> ood = set(KEPT_OOD);
      ood.addAll(set(MOVED_OOD));
      assertEquals(ood, tasksOf(rows, view.splits().ood()));
      assertEquals(set(KEPT_OOD), tasksOf(rows, view.downstreamSplits().ood()));
      assertEquals(16, view.oodRows());
      assertEquals(set(VALIDATION), tasksOf(rows, view.downstreamSplits().validation()));
      Set<List<Integer>> train = tasksOf(rows, view.downstreamSplits().train());
      assertEquals(151 + 17, train.size());
      assertEquals(true, train.containsAll(set(MOVED_OOD)));
      assertEquals(
          tasksOf(rows, view.splits().train()),
          tasksOf(
              rows,
              IntStream.of(view.downstreamSplits().train())
                  .filter(r -> !set(MOVED_OOD).contains(key(rows.get(r).task())))
                  .toArray()));
    }
  }

  private static List<Integer> key(double[] task) {
    return List.of((int) task[1], (int) task[2], (int) task[3]);
  }

  private static Set<List<Integer>> set(int[][] tasks) {
    Set<List<Integer>> s = new HashSet<>();
    for (int[] t : tasks) {
      s.add(List.of(t[0], t[1], t[2]));
    }
    return s;
  }

  private static Set<List<Integer>> tasksOf(List<ZooIndex.Row> rows, int[] indices) {
    Set<List<Integer>> s = new HashSet<>();
    for (int r : indices) {
      s.add(key(rows.get(r).task()));
    }
    return s;
  }
}
