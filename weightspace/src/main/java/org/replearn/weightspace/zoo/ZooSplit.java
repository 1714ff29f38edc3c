package org.replearn.weightspace.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.replearn.core.InvalidInputException;

/**
 * Splits of a zoo by task, as the official {@code ParametersSequencesDataset} makes them: the
 * unique task vectors (sorted lexicographically, as {@code np.unique}) are ordered by the family's
 * criterion ({@link ZooTask#splitCriterion}: entropy for formal languages, angle for MNIST); the
 * last {@code U - int(U (1 - v - o)) - int(U v)} are out-of-distribution; the rest are shuffled by
 * {@code np.random.seed(1); permutation} into int(U (1 - v - o)) training and int(U v) validation
 * tasks. With {@code oodHalfIntoTrain}, {@code seed(2)} shuffles the OOD tasks and all but
 * floor(n_ood / 2) move to training. All checkpoints of a model stay in one split.
 *
 * <p>Ties of the criterion: numpy's {@code argsort} (quicksort, not stable, SIMD-dependent) leaves
 * the order of equal values unspecified; this port keeps ties in lexicographic order.
 */
public final class ZooSplit {
  private ZooSplit() {}

  /** Which part a task belongs to. */
  public enum Part {
    TRAIN,
    VALIDATION,
    OOD
  }

  /**
   * The part of every unique task.
   *
   * @param tasks task vectors (duplicates allowed: one per model or row)
   * @param criterion larger is more out-of-distribution
   * @param validationRatio v (official 0.15)
   * @param oodRatio o (official 0.15)
   */
  public static Map<List<Double>, Part> byTask(
      List<double[]> tasks,
      java.util.function.ToDoubleFunction<double[]> criterion,
      double validationRatio,
      double oodRatio,
      boolean oodHalfIntoTrain) {
    InvalidInputException.require(
        validationRatio >= 0 && oodRatio >= 0 && validationRatio + oodRatio < 1,
        "split ratios",
        "need v, o >= 0 and v + o < 1",
        validationRatio + ", " + oodRatio);
    TreeMap<List<Double>, double[]> unique = new TreeMap<>(ZooSplit::lexicographic);
    for (double[] t : tasks) {
      unique.put(key(t), t);
    }
    List<double[]> sorted = new ArrayList<>(unique.values());
    Map<double[], Double> value = new HashMap<>();
    for (double[] t : sorted) {
      value.put(t, criterion.applyAsDouble(t));
    }
    sorted.sort(Comparator.comparingDouble(value::get)); // stable: ties stay lexicographic
    int u = sorted.size();
    int numTrain = (int) (u * (1 - validationRatio - oodRatio));
    int numVal = (int) (u * validationRatio);
    int numOod = u - numTrain - numVal;
    Map<List<Double>, Part> parts = new LinkedHashMap<>();
    int[] perm = NumpyLegacyRandom.permutation(1, numTrain + numVal);
    for (int i = 0; i < perm.length; i++) {
      parts.put(key(sorted.get(perm[i])), i < numTrain ? Part.TRAIN : Part.VALIDATION);
    }
    List<double[]> ood = sorted.subList(u - numOod, u);
    int[] oodPerm = oodHalfIntoTrain ? NumpyLegacyRandom.permutation(2, numOod) : null;
    for (int i = 0; i < numOod; i++) {
      boolean moved = oodHalfIntoTrain && i >= numOod / 2;
      double[] t = oodHalfIntoTrain ? ood.get(oodPerm[i]) : ood.get(i);
      parts.put(key(t), moved ? Part.TRAIN : Part.OOD);
    }
    return parts;
  }

  /** The official split of a zoo's models: part of each index row's model. */
  public static Map<Integer, Part> byModel(ZooIndex index, ZooTask task, boolean oodHalfIntoTrain) {
    return byModel(index, task::splitCriterion, 0.15, 0.15, oodHalfIntoTrain);
  }

  /** The split of a zoo's models with a given criterion and ratios. */
  public static Map<Integer, Part> byModel(
      ZooIndex index,
      java.util.function.ToDoubleFunction<double[]> criterion,
      double validationRatio,
      double oodRatio,
      boolean oodHalfIntoTrain) {
    List<double[]> tasks = index.rows().stream().map(ZooIndex.Row::task).toList();
    Map<List<Double>, Part> parts =
        byTask(tasks, criterion, validationRatio, oodRatio, oodHalfIntoTrain);
    Map<Integer, Part> out = new TreeMap<>();
    for (ZooIndex.Row r : index.rows()) {
      out.put(r.model(), parts.get(key(r.task())));
    }
    return out;
  }

  private static List<Double> key(double[] t) {
    return Arrays.stream(t).boxed().toList();
  }

  private static int lexicographic(List<Double> a, List<Double> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Double.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
