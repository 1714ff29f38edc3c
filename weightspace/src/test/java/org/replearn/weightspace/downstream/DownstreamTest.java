package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.emulation.Splits;

class DownstreamTest {

  @Test
  void bootstrapIntervalOfConstantsIsAPointAndOfNormalsMatchesTheCentralLimit() {
    BootstrapInterval point =
        BootstrapInterval.of(new double[] {2, 2, 2}, 0.95, 1000, new SplittableRandom(1));
    assertEquals(2, point.low(), 1e-12);
    assertEquals(2, point.high(), 1e-12);
    SplittableRandom rng = new SplittableRandom(2);
    double[] values = new double[400];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextGaussian();
    }
    BootstrapInterval ci = BootstrapInterval.of(values, 0.95, 20_000, new SplittableRandom(3));
    double halfWidth = 1.96 / Math.sqrt(values.length); // normal approximation, sigma = 1
    assertEquals(halfWidth, (ci.high() - ci.low()) / 2, 0.1 * halfWidth);
    assertTrue(ci.low() < ci.mean() && ci.mean() < ci.high());
  }

  @Test
  void halfOfTheOodTasksMoveIntoTrainingWithAllTheirRows() {
    int[] taskOfRow = IntStream.range(0, 40).map(r -> r / 4).toArray(); // 10 tasks x 4 rows
    Splits splits =
        new Splits(
            IntStream.range(0, 16).toArray(),
            IntStream.range(16, 20).toArray(),
            IntStream.range(20, 40).toArray()); // 5 OOD tasks
    Splits moved =
        DownstreamEvaluation.moveHalfOfOodTasks(splits, taskOfRow, new SplittableRandom(4));
    assertEquals(8, moved.ood().length); // floor(5 / 2) = 2 tasks stay
    assertEquals(16 + 12, moved.train().length);
    assertEquals(4, moved.validation().length);
    Set<Integer> oodTasks = new HashSet<>();
    IntStream.of(moved.ood()).forEach(r -> oodTasks.add(taskOfRow[r]));
    IntStream.of(moved.train()).forEach(r -> assertTrue(!oodTasks.contains(taskOfRow[r])));
  }

  @Test
  @Tag("engine")
  void predictorLearnsRecoverableTargetsAndNotRandomOnes() {
    SplittableRandom rng = new SplittableRandom(5);
    int n = 600;
    float[][] x = new float[n][4];
    double[][] classes = new double[n][1];
    double[][] shuffled = new double[n][1];
    double[][] scalar = new double[n][1];
    double[][] parts = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) rng.nextGaussian();
      }
      classes[i][0] = (x[i][0] > 0 ? 1 : 0) + (x[i][1] > 0 ? 2 : 0);
      shuffled[i][0] = rng.nextInt(4);
      scalar[i][0] = 3 * x[i][2] - x[i][3] + 1;
      parts[i][0] = x[i][0] > 0 ? 1 : 0;
      parts[i][1] = x[i][3] > 0 ? 2 : (x[i][3] > -0.5 ? 1 : 0);
    }
    int[] train = IntStream.range(0, 500).toArray();
    int[] test = IntStream.range(500, n).toArray();
    EmbeddingPredictor.Config config = new EmbeddingPredictor.Config(32, 400, 128, 3e-3, 0.0);
    try (NDManager manager = NDManager.newBaseManager()) {
      ToDoubleFunction<DownstreamTarget> score =
          target -> score(x, target, train, test, config, manager);
      double learned =
          score.applyAsDouble(new DownstreamTarget("c", TargetKind.CLASS, new int[] {4}, classes));
      double random =
          score.applyAsDouble(new DownstreamTarget("r", TargetKind.CLASS, new int[] {4}, shuffled));
      double mse =
          score.applyAsDouble(new DownstreamTarget("s", TargetKind.SCALAR, new int[] {1}, scalar));
      double multi =
          score.applyAsDouble(
              new DownstreamTarget("m", TargetKind.MULTI_HOT, new int[] {2, 3}, parts));
      assertTrue(learned > 0.9, "learnable classes: " + learned);
      assertTrue(random < 0.4, "random classes: " + random);
      assertTrue(mse < 0.5, "target variance is 10, MSE " + mse);
      assertTrue(multi > 0.85, "multi-hot exact match: " + multi);
      DownstreamEvaluation.Result result =
          DownstreamEvaluation.evaluateAll(
                  x,
                  new DownstreamTarget("c", TargetKind.CLASS, new int[] {4}, classes),
                  new Splits(train, test, new int[0]),
                  3,
                  config,
                  new Seeds(6),
                  manager)
              .get(0);
      assertEquals(3, result.validationPerSeed().length);
      assertTrue(result.validation().low() <= result.validation().mean());
      assertTrue(Double.isNaN(result.ood().mean()));
    }
  }

  private static double score(
      float[][] x,
      DownstreamTarget target,
      int[] train,
      int[] test,
      EmbeddingPredictor.Config config,
      NDManager manager) {
    return EmbeddingPredictor.trainAndScoreAll(
        x, target, train, List.of(test), config, new SplittableRandom(7), manager)[0][0];
  }
}
