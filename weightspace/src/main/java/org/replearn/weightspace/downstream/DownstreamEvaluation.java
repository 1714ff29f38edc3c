package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * Frozen embeddings to downstream scores over several seeds, with bootstrapped 95% intervals; the
 * predictor's training rows include half of the OOD tasks, as the official {@code
 * downstream_training_on_ood} does.
 */
public final class DownstreamEvaluation {
  private DownstreamEvaluation() {}

  /**
   * Scores of one target.
   *
   * @param target the target's name
   * @param metric accuracy or mse
   * @param validation validation score over seeds
   * @param ood OOD score over seeds (the OOD tasks kept out of training)
   * @param validationPerSeed one value per seed
   * @param oodPerSeed one value per seed
   */
  public record Result(
      String target,
      String metric,
      BootstrapInterval validation,
      BootstrapInterval ood,
      double[] validationPerSeed,
      double[] oodPerSeed) {}

  /**
   * Moves n_ood - floor(n_ood / 2) of the OOD tasks, chosen at random, with all their rows into the
   * training split; floor(n_ood / 2) tasks stay OOD. (The official code draws the tasks with numpy
   * seed 2; this uses {@code rng}.)
   *
   * @param taskOfRow a task identifier per zoo row
   */
  public static Splits moveHalfOfOodTasks(Splits splits, int[] taskOfRow, SplittableRandom rng) {
    int[] oodTasks =
        splits.ood().length == 0
            ? new int[0]
            : new TreeSet<>(IntStream.of(splits.ood()).map(r -> taskOfRow[r]).boxed().toList())
                .stream().mapToInt(Integer::intValue).toArray();
    int[] order = RandomArrays.permutation(rng, oodTasks.length);
    int keep = oodTasks.length / 2;
    TreeSet<Integer> stay = new TreeSet<>();
    for (int i = 0; i < keep; i++) {
      stay.add(oodTasks[order[i]]);
    }
    int[] moved = IntStream.of(splits.ood()).filter(r -> !stay.contains(taskOfRow[r])).toArray();
    int[] kept = IntStream.of(splits.ood()).filter(r -> stay.contains(taskOfRow[r])).toArray();
    int[] train = IntStream.concat(IntStream.of(splits.train()), IntStream.of(moved)).toArray();
    return new Splits(train, splits.validation(), kept);
  }

  /**
   * Trains {@code seeds} predictors and scores them, with every score of the predictors: the
   * target's own metric first, then (multi-hot targets) the accuracy of each group, metric {@code
   * accuracy-group-<g>} (g from 1).
   *
   * @param embeddings frozen embeddings [rows][d]
   * @param splits rows for training, validation and OOD (after {@link #moveHalfOfOodTasks})
   */
  public static List<Result> evaluateAll(
      float[][] embeddings,
      DownstreamTarget target,
      Splits splits,
      int seeds,
      EmbeddingPredictor.Config config,
      Seeds seed,
      NDManager manager) {
    InvalidInputException.require(seeds > 0, "seeds", "must be > 0", seeds);
    InvalidInputException.require(
        embeddings.length == target.values().length,
        "target " + target.name(),
        "must have one value per embedding (" + embeddings.length + ")",
        target.values().length);
    int scores = EmbeddingPredictor.scoreCount(target);
    double[][] validation = new double[scores][seeds];
    double[][] ood = new double[scores][seeds];
    List<int[]> sets = new ArrayList<>(List.of(splits.validation(), splits.ood()));
    for (int s = 0; s < seeds; s++) {
      double[][] scored =
          EmbeddingPredictor.trainAndScoreAll(
              embeddings, target, splits.train(), sets, config, seed.child(s).random(), manager);
      for (int k = 0; k < scores; k++) {
        validation[k][s] = scored[0][k];
        ood[k][s] = scored[1][k];
      }
    }
    List<Result> results = new ArrayList<>();
    results.add(summarise(target, validation[0], ood[0], seed.child("bootstrap").random()));
    for (int k = 1; k < scores; k++) {
      SplittableRandom rng = seed.child("bootstrap").child(k).random();
      results.add(
          new Result(
              target.name(),
              "accuracy-group-" + k,
              interval(validation[k], rng),
              interval(ood[k], rng),
              validation[k],
              ood[k]));
    }
    return results;
  }

  /**
   * Downstream evaluation of a trained encoder, as {@code replearn encode evaluate --run}: frozen
   * embeddings of every zoo row, then the first result of {@link #evaluateAll} (the target's own
   * metric) per target with the default predictor and {@code predictorSteps} steps, predictor seeds
   * from {@code seed.child("predictor")}.
   *
   * @param splits the zoo's splits after {@link #moveHalfOfOodTasks}
   */
  public static List<Result> ofEncoder(
      WeightEncoder encoder,
      EmulationData data,
      List<DownstreamTarget> targets,
      Splits splits,
      int seeds,
      int predictorSteps,
      Seeds seed,
      NDManager manager) {
    float[][] z = FrozenEmbeddings.compute(encoder, data, 64, manager);
    EmbeddingPredictor.Config defaults = EmbeddingPredictor.Config.defaults();
    EmbeddingPredictor.Config config =
        new EmbeddingPredictor.Config(
            defaults.hidden(),
            predictorSteps,
            defaults.batchSize(),
            defaults.learningRate(),
            defaults.weightDecay());
    List<Result> results = new ArrayList<>();
    for (DownstreamTarget t : targets) {
      Seeds predictor = seed.child("predictor").child(t.name());
      results.add(evaluateAll(z, t, splits, seeds, config, predictor, manager).get(0));
    }
    return results;
  }

  /** Per-seed scores of one target with their bootstrapped 95% intervals. */
  public static Result summarise(
      DownstreamTarget target, double[] validation, double[] ood, SplittableRandom rng) {
    return new Result(
        target.name(),
        target.kind().metric(),
        interval(validation, rng),
        interval(ood, rng),
        validation,
        ood);
  }

  private static BootstrapInterval interval(double[] values, SplittableRandom rng) {
    if (Double.isNaN(values[0])) {
      return new BootstrapInterval(Double.NaN, Double.NaN, Double.NaN, values.length);
    }
    return BootstrapInterval.of(values, 0.95, 10_000, rng);
  }
}
