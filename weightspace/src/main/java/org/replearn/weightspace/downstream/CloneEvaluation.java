package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.emulation.Emulator;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.FormalLanguage;

/**
 * Clone evaluation on a formal-language zoo (spec §3, the official code's clone check and the
 * paper's Fig. 5): for each model the emulator, given only the model's embedding, samples strings
 * as the zoo model did (BOS, then 41 multinomial tokens); the clone's accuracy is the fraction the
 * model's language accepts (letter counts up to the first EOS, as the zoo's metric). Reported: mean
 * |original - cloned| accuracy and their Pearson correlation over the models.
 */
public final class CloneEvaluation {
  private CloneEvaluation() {}

  /**
   * Outcome over the evaluated rows.
   *
   * @param rows zoo rows evaluated
   * @param samples strings sampled per row
   * @param original the rows' stored accuracies
   * @param cloned the clones' accuracies
   * @param meanAbsoluteError mean |original - cloned|
   * @param correlation Pearson correlation of original and cloned (NaN if either is constant)
   */
  public record Result(
      int[] rows,
      int samples,
      double[] original,
      double[] cloned,
      double meanAbsoluteError,
      double correlation) {}

  /**
   * Evaluates {@code rows} of a formal-language zoo view (targets {@code task}, coded d + 3 per
   * letter b, c, d, and {@code accuracy}).
   *
   * @param samples strings per row (official 64)
   */
  public static Result evaluate(
      WeightEncoder encoder,
      Emulator emulator,
      ZooView view,
      int[] rows,
      int samples,
      SplittableRandom rng,
      NDManager manager) {
    InvalidInputException.require(samples > 0, "clone samples", "must be > 0", samples);
    InvalidInputException.require(rows.length > 0, "clone rows", "must not be empty", 0);
    EmulationData data = view.data();
    DownstreamTarget task = view.target("task");
    DownstreamTarget accuracy = view.target("accuracy");
    int p = data.layout().parameterCount();
    int letters = data.layout().inputSize() - 2;
    double[] original = new double[rows.length];
    double[] clone = new double[rows.length];
    try (NDManager scope = manager.newSubManager()) {
      float[] flat = new float[rows.length * p];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(data.weights(rows[i]), 0, flat, i * p, p);
      }
      float[] z =
          Encoders.embed(encoder, data.layout(), scope.create(flat, new Shape(rows.length, p)));
      int d = z.length / rows.length;
      float[] repeated = new float[rows.length * samples * d];
      for (int i = 0; i < rows.length; i++) {
        for (int s = 0; s < samples; s++) {
          System.arraycopy(z, i * d, repeated, (i * samples + s) * d, d);
        }
      }
      NDArray embeddings = scope.create(repeated, new Shape((long) rows.length * samples, d));
      int[][] strings = emulator.sampleTokens(embeddings, letters, data.steps(), rng);
      for (int i = 0; i < rows.length; i++) {
        FormalLanguage language = languageOf(task.values()[rows[i]], data.steps() + 1);
        int accepted = 0;
        for (int s = 0; s < samples; s++) {
          accepted += language.accepts(strings[i * samples + s]) ? 1 : 0;
        }
        clone[i] = accepted / (double) samples;
        original[i] = accuracy.values()[rows[i]][0];
      }
    }
    double error = 0;
    for (int i = 0; i < rows.length; i++) {
      error += Math.abs(original[i] - clone[i]);
    }
    return new Result(
        rows.clone(), samples, original, clone, error / rows.length, correlation(original, clone));
  }

  /** The language of a task target row (d_b + 3, d_c + 3, d_d + 3). */
  private static FormalLanguage languageOf(double[] coded, int sequenceLength) {
    int[] d = new int[coded.length + 1];
    for (int f = 0; f < coded.length; f++) {
      d[f + 1] = (int) coded[f] + FormalLanguage.MIN_DIFFERENCE;
    }
    return new FormalLanguage(d, sequenceLength, FormalLanguage.OFFICIAL_MAX_N);
  }

  private static double correlation(double[] a, double[] b) {
    boolean constant =
        Arrays.stream(a).distinct().count() < 2 || Arrays.stream(b).distinct().count() < 2;
    return a.length < 2 || constant ? Double.NaN : new PearsonsCorrelation().correlation(a, b);
  }
}
