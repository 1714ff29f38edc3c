package org.replearn.weightspace.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics of a zoo: counts, tasks, the distribution of every metric at every checkpoint step,
 * and the sizes of the official splits.
 *
 * @param family task family id
 * @param models distinct models in the index
 * @param checkpoints distinct checkpoint steps
 * @param rows index rows
 * @param tasks distinct task vectors
 * @param metrics metric name to step to its distribution over models
 * @param splits part to number of models (official ratios 0.15 / 0.15)
 */
public record ZooSummary(
    String family,
    long models,
    int checkpoints,
    int rows,
    long tasks,
    Map<String, Map<Long, Distribution>> metrics,
    Map<String, Long> splits) {

  /**
   * Summary statistics of one metric at one step (NaN values are left out).
   *
   * @param count models with a value
   * @param min minimum
   * @param q25 first quartile (linear interpolation, as numpy's default)
   * @param median median
   * @param q75 third quartile
   * @param max maximum
   * @param mean mean
   */
  public record Distribution(
      int count, double min, double q25, double median, double q75, double max, double mean) {

    /** The distribution of {@code values}. */
    public static Distribution of(double[] values) {
      double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length == 0) {
        return new Distribution(
            0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Distribution(
          v.length,
          v[0],
          quantile(v, 0.25),
          quantile(v, 0.5),
          quantile(v, 0.75),
          v[v.length - 1],
          Arrays.stream(v).average().orElse(Double.NaN));
    }

    private static double quantile(double[] sorted, double q) {
      double pos = q * (sorted.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(sorted.length - 1, lo + 1);
      return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
  }

  /** Summarises the zoo of {@code spec} and {@code index}. */
  public static ZooSummary of(ZooSpec spec, ZooIndex index) {
    Map<String, Map<Long, Distribution>> metrics = new LinkedHashMap<>();
    for (String name : spec.metricNames()) {
      Map<Long, List<Double>> byStep = new TreeMap<>();
      for (ZooIndex.Row r : index.rows()) {
        Double v = r.metrics().get(name);
        byStep.computeIfAbsent(r.step(), s -> new ArrayList<>()).add(v == null ? Double.NaN : v);
      }
      Map<Long, Distribution> d = new LinkedHashMap<>();
      byStep.forEach(
          (step, values) ->
              d.put(step, Distribution.of(values.stream().mapToDouble(x -> x).toArray())));
      metrics.put(name, d);
    }
    java.util.function.ToDoubleFunction<double[]> criterion =
        spec.family().equals(ZooTasks.FORMAL_LANGUAGES)
            ? t -> FormalLanguage.taskEntropy(Arrays.stream(t).mapToInt(x -> (int) x).toArray())
            : t -> t[0];
    Map<String, Long> splits = new LinkedHashMap<>();
    if (!index.rows().isEmpty()) {
      Map<Integer, ZooSplit.Part> parts = ZooSplit.byModel(index, criterion, 0.15, 0.15, false);
      for (ZooSplit.Part p : ZooSplit.Part.values()) {
        splits.put(p.name().toLowerCase(), parts.values().stream().filter(x -> x == p).count());
      }
    }
    long tasks = index.rows().stream().map(r -> Arrays.toString(r.task())).distinct().count();
    return new ZooSummary(
        spec.family(),
        index.modelCount(),
        index.steps().size(),
        index.rows().size(),
        tasks,
        metrics,
        splits);
  }
}
