package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.weightspace.emulation.Emulator;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.TargetLstm;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * {@link StoredZooView} on a formal-language zoo written by the zoo package's store (8 models x 2
 * checkpoints), checked against the shards read directly; and the emulator's sampling and the clone
 * evaluation on it.
 */
@Tag("engine")
class StoredZooViewTest {
  @TempDir static Path tmp;
  private static final int EVAL_SAMPLES = 20;
  private static ZooStore store;

  @BeforeAll
  static void generate() throws Exception {
    FormalLanguageZoo task = new FormalLanguageZoo(42, 10, 1e-4, EVAL_SAMPLES, 3, false);
    TrainingRecipe recipe =
        new TrainingRecipe(4, new long[] {0, 3}, new double[] {0.01, 0.003, 0.0003});
    ZooSpec spec = ZooGenerator.newSpec(task, recipe, 8, 4, 7);
    store = new ZooStore(tmp.resolve("zoo"));
    ZooGenerator.generate(store, task, spec, false, (b, s) -> {});
  }

  @Test
  void rowsWeightsRolloutsAndTargetsMatchTheStoredShards() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      List<ZooIndex.Row> rows = store.readIndex().rows();
      assertEquals(rows.size(), view.data().rowCount());
      assertEquals(16, rows.size());
      assertEquals(41, view.data().steps());
      int p = view.data().layout().parameterCount();
      Map<String, Map<String, NDArray>> shards = new HashMap<>();
      for (int r = 0; r < rows.size(); r++) {
        ZooIndex.Row row = rows.get(r);
        Map<String, NDArray> shard = shards.get(row.shard());
        if (shard == null) {
          shard = store.readShard(row.shard(), manager);
          shards.put(row.shard(), shard);
        }
        float[] weights = floats(shard, "weights", String.valueOf(row.row()));
        assertArrayEquals(weights, view.data().weights(r));
        assertEquals(p, weights.length);
        assertEquals(3, view.data().rollouts(r));
        for (int k = 0; k < 3; k++) {
          float[] tokens = floats(shard, "sequences", row.row() + "," + k);
          float[] logp = floats(shard, "outputs", row.row() + "," + k);
          float[] inputs = view.data().inputs(r, k);
          float[] targets = view.data().targets(r, k);
          for (int t = 0; t < 41; t++) {
            // input t is the one-hot of stored token t (BOS first); target t is the softmax of
            // the stored (float16-rounded) log-softmax, renormalised
            double sum = 0;
            for (int j = 0; j < 6; j++) {
              sum += Math.exp(logp[t * 6 + j]);
            }
            for (int j = 0; j < 6; j++) {
              assertEquals(j == (int) tokens[t] ? 1f : 0f, inputs[t * 6 + j]);
              assertEquals(Math.exp(logp[t * 6 + j]) / sum, targets[t * 6 + j], 1e-6);
            }
          }
          assertEquals(4, (int) tokens[0]);
        }
      }
    }
  }

  /**
   * The probing encoders run each checkpoint through {@link TargetLstm}: on the stored rollouts it
   * must reproduce the output distributions the zoo's own trainer stored for that checkpoint (same
   * weights, same gate order, state carried across steps).
   */
  @Test
  void targetLstmReproducesTheStoredOutputsOfEveryCheckpoint() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      int rows = view.data().rowCount();
      int steps = view.data().steps();
      int p = view.data().layout().parameterCount();
      float[] flat = new float[rows * p];
      float[] inputs = new float[rows * 3 * steps * 6];
      float[] expected = new float[rows * 3 * steps * 6];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(view.data().weights(r), 0, flat, r * p, p);
        for (int k = 0; k < 3; k++) {
          int at = (r * 3 + k) * steps * 6;
          System.arraycopy(view.data().inputs(r, k), 0, inputs, at, steps * 6);
          System.arraycopy(view.data().targets(r, k), 0, expected, at, steps * 6);
        }
      }
      LstmWeights weights =
          LstmWeights.fromFlat(view.data().layout(), manager.create(flat, new Shape(rows, p)));
      float[] actual =
          new TargetLstm(weights)
              .run(manager.create(inputs, new Shape(rows, 3, steps, 6)))
              .logSoftmax(3)
              .toFloatArray();
      double worst = 0;
      for (int i = 0; i < actual.length; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - Math.log(expected[i])));
      }
      // the zoo stores float16 log-probabilities (spacing 2^-10 near -2, 2^-9 near -4)
      assertTrue(worst < 3e-3, "largest log-probability difference " + worst);
    }
  }

  @Test
  void splitsKeepTasksAndModelsTogetherAndTargetsDecodeTheIndex() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      List<ZooIndex.Row> rows = store.readIndex().rows();
      int[][] parts = {view.splits().train(), view.splits().validation(), view.splits().ood()};
      int[] partOfRow = new int[rows.size()];
      Arrays.fill(partOfRow, -1);
      for (int s = 0; s < 3; s++) {
        for (int r : parts[s]) {
          assertEquals(-1, partOfRow[r], "row in two splits");
          partOfRow[r] = s;
        }
      }
      assertTrue(IntStream.of(partOfRow).allMatch(s -> s >= 0), "every row has a split");
      assertTrue(view.splits().train().length > 0 && view.splits().ood().length > 0);
      Map<List<Double>, Integer> partOfTask = new HashMap<>();
      Map<Integer, Integer> partOfModel = new HashMap<>();
      for (int r = 0; r < rows.size(); r++) {
        List<Double> task = Arrays.stream(rows.get(r).task()).boxed().toList();
        Integer taskPart = partOfTask.putIfAbsent(task, partOfRow[r]);
        Integer modelPart = partOfModel.putIfAbsent(rows.get(r).model(), partOfRow[r]);
        assertTrue(taskPart == null || taskPart == partOfRow[r], "a task in two splits");
        assertTrue(modelPart == null || modelPart == partOfRow[r], "a model in two splits");
        double[] coded = view.target("task").values()[r];
        for (int f = 0; f < 3; f++) {
          assertEquals(rows.get(r).task()[f + 1] + 3, coded[f]);
        }
        assertEquals(
            rows.get(r).metrics().get("accepted") / EVAL_SAMPLES,
            view.target("accuracy").values()[r][0],
            1e-12);
        assertEquals(rows.get(r).step() == 0 ? 0 : 1, (int) view.target("step").values()[r][0]);
      }
    }
  }

  @Test
  void sampledFirstTokensFollowTheTeacherForcedDistribution() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Emulator emulator = new Emulator(manager, new SplittableRandom(1), 6, 6, 16, 32, 2);
      int n = 6000;
      float[] z = new float[16];
      z[3] = 1;
      float[] repeated = new float[n * 16];
      for (int i = 0; i < n; i++) {
        System.arraycopy(z, 0, repeated, i * 16, 16);
      }
      int[][] strings =
          emulator.sampleTokens(
              manager.create(repeated, new Shape(n, 16)), 4, 3, new SplittableRandom(2));
      float[] bos = new float[6];
      bos[4] = 1;
      float[] p =
          emulator
              .forward(manager.create(bos, new Shape(1, 1, 6)), manager.create(z, new Shape(1, 16)))
              .softmax(2)
              .toFloatArray();
      int[] counts = new int[6];
      for (int[] s : strings) {
        assertEquals(4, s[0]);
        assertEquals(4, s.length);
        counts[s[1]]++;
      }
      for (int j = 0; j < 6; j++) {
        double sigma = Math.sqrt(p[j] * (1 - p[j]) / n);
        assertEquals(p[j], counts[j] / (double) n, 4 * sigma + 1e-9, "token " + j);
      }
    }
  }

  @Test
  void cloneEvaluationScoresEveryRowWithTheOfficialReturn() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(store.dir(), manager);
      WeightEncoder encoder =
          Encoders.official(
              EncoderKind.STATS, view.data().layout(), manager, new SplittableRandom(3));
      Emulator emulator = new Emulator(manager, new SplittableRandom(4), 6, 6, 16, 32, 2);
      int[] rows = {0, 5, 9};
      CloneEvaluation.Result a =
          CloneEvaluation.evaluate(
              encoder, emulator, view, rows, 8, new SplittableRandom(5), manager);
      CloneEvaluation.Result b =
          CloneEvaluation.evaluate(
              encoder, emulator, view, rows, 8, new SplittableRandom(5), manager);
      assertArrayEquals(a.cloned(), b.cloned(), "same seed, same clones");
      assertArrayEquals(a.original(), b.original(), "same seed, same original samples");
      double error = 0;
      for (int i = 0; i < rows.length; i++) {
        // correct / finished out of 8 fresh strings each: a ratio k / m with m <= 8 (0 if m = 0)
        assertTrue(isRatioWithDenominatorAtMost8(a.original()[i]), "original " + a.original()[i]);
        assertTrue(isRatioWithDenominatorAtMost8(a.cloned()[i]), "clone " + a.cloned()[i]);
        error += Math.abs(a.original()[i] - a.cloned()[i]);
      }
      assertEquals(error / rows.length, a.meanAbsoluteError(), 1e-12);
      assertTrue(a.cloneFinished() >= 0 && a.cloneFinished() <= 1);
      assertEquals(Math.rint(a.cloneFinished() * 24), a.cloneFinished() * 24, 1e-9);
    }
  }

  private static boolean isRatioWithDenominatorAtMost8(double v) {
    for (int m = 1; m <= 8; m++) {
      if (Math.abs(Math.rint(v * m) - v * m) < 1e-9 && v >= 0 && v <= 1) {
        return true;
      }
    }
    return false;
  }

  /** Entry {@code index} (an NDIndex such as {@code "3,1"}) of a shard's array, as floats. */
  private static float[] floats(Map<String, NDArray> shard, String name, String index) {
    return shard.get(name).get(index).toType(DataType.FLOAT32, false).toFloatArray();
  }
}
