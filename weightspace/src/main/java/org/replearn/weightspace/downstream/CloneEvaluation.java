package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.emulation.Emulator;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.FormalLanguage;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.ZooMember;

/**
 * Clone evaluation on a formal-language zoo, with the metric of the official {@code
 * evaluate_clones} / {@code evaluate_on_formal_language_task} (evaluation_visualization.py) and the
 * paper's Fig. 5: for each model, the original RNN (its stored weights) and its clone (the emulator
 * given only the model's embedding) each sample {@code samples} fresh strings (BOS, then 41
 * multinomial tokens); each one's return is correct / finished strings ({@link #officialReturn}: a
 * string is finished when it holds an EOS; 0 when none is). Reported: mean |original - clone|
 * return and their Pearson correlation over the models, and the share of finished clone strings.
 */
public final class CloneEvaluation {
  private CloneEvaluation() {}

  /**
   * Outcome over the evaluated rows.
   *
   * @param rows zoo rows evaluated
   * @param samples strings sampled per row, by the original and by the clone
   * @param original the original RNNs' returns (correct / finished of fresh samples)
   * @param cloned the clones' returns
   * @param cloneFinished share of the clones' strings that are finished (hold an EOS)
   * @param meanAbsoluteError mean |original - cloned|
   * @param correlation Pearson correlation of original and cloned (NaN if either is constant)
   */
  public record Result(
      int[] rows,
      int samples,
      double[] original,
      double[] cloned,
      double cloneFinished,
      double meanAbsoluteError,
      double correlation) {}

  /**
   * The official return of sampled strings: correct / finished, where a string is finished when it
   * holds an EOS and correct when, in addition, the language accepts it (letter counts up to the
   * first EOS); 0 when no string is finished.
   */
  public static double officialReturn(FormalLanguage language, int[][] strings) {
    int finished = 0;
    int correct = 0;
    for (int[] s : strings) {
      if (finished(s, language.eos())) {
        finished++;
        correct += language.accepts(s) ? 1 : 0;
      }
    }
    return finished == 0 ? 0 : correct / (double) finished;
  }

  private static boolean finished(int[] s, int eos) {
    for (int t : s) {
      if (t == eos) {
        return true;
      }
    }
    return false;
  }

  /**
   * Evaluates {@code rows} of a formal-language zoo view (target {@code task}, coded d + 3 per
   * letter b, c, d).
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
    int p = data.layout().parameterCount();
    int letters = data.layout().inputSize() - 2;
    double[] original = new double[rows.length];
    double[] clone = new double[rows.length];
    long finishedClones = 0;
    Seeds originalSeeds = new Seeds(rng.nextLong());
    try (NDManager scope = manager.newSubManager()) {
      float[] flat = new float[rows.length * p];
      float[][] weights = new float[rows.length][];
      List<ZooMember> members = new ArrayList<>();
      for (int i = 0; i < rows.length; i++) {
        weights[i] = data.weights(rows[i]);
        System.arraycopy(weights[i], 0, flat, i * p, p);
        FormalLanguage language = languageOf(task.values()[rows[i]], data.steps() + 1);
        double[] d = Arrays.stream(language.differences()).asDoubleStream().toArray();
        members.add(new ZooMember(i, d, 0, originalSeeds.child(rows[i])));
      }
      // the originals: fresh samples from the stored weights, counted as the zoo counts them
      FormalLanguageZoo sampler =
          new FormalLanguageZoo(
              data.steps() + 1, FormalLanguage.OFFICIAL_MAX_N, 0, samples, 0, false);
      double[][] counts = sampler.evaluate(weights, members, 0, scope).metrics();
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
        int[][] own = Arrays.copyOfRange(strings, i * samples, (i + 1) * samples);
        clone[i] = officialReturn(language, own);
        finishedClones += Arrays.stream(own).filter(s -> finished(s, language.eos())).count();
        // metrics of the zoo's own count: [accepted, finished]
        original[i] = counts[i][1] == 0 ? 0 : counts[i][0] / counts[i][1];
      }
    }
    double error = 0;
    for (int i = 0; i < rows.length; i++) {
      error += Math.abs(original[i] - clone[i]);
    }
    return new Result(
        rows.clone(),
        samples,
        original,
        clone,
        finishedClones / (double) ((long) rows.length * samples),
        error / rows.length,
        correlation(original, clone));
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
