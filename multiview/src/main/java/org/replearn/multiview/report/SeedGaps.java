package org.replearn.multiview.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.core.report.Table;
import org.replearn.multiview.train.RepresentationEvaluator.Metrics;

/**
 * M3G minus each InfoNCE variant against the number of views k, over seeds: the per-seed difference
 * of a test metric (runs of one seed share their initial encoder and data order, so the difference
 * is paired), its mean with a bootstrapped 95% interval, and whether the gap grows from the
 * smallest to the largest k (the paper's claim: M3G's advantage grows with k), decided by the
 * interval of the per-seed change of the gap.
 */
final class SeedGaps {
  private SeedGaps() {}

  /** The metrics compared: linear probe, kNN-10, retrieval top-1. */
  private static final Map<String, ToDoubleFunction<Metrics>> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put("linear probe", Metrics::linearProbe);
    METRICS.put("kNN-10", Metrics::knn);
    METRICS.put("retrieval top-1", Metrics::retrieval);
  }

  /** A verdict on "the gap grows with k" from the interval of its per-seed change. */
  enum Verdict {
    HOLDS("holds"),
    FAILS("does not hold"),
    UNDECIDED("too small to decide");

    final String words;

    Verdict(String words) {
      this.words = words;
    }
  }

  /** HOLDS if the interval lies above 0, FAILS if below, UNDECIDED if it contains 0. */
  static Verdict growth(BootstrapInterval change) {
    return change.low() > 0 ? Verdict.HOLDS : change.high() < 0 ? Verdict.FAILS : Verdict.UNDECIDED;
  }

  /**
   * The table of gaps and the verdict sentences.
   *
   * @param metrics run key "k<k>/<loss>" to one Metrics per seed (same seed order for every key)
   * @param views the k values, increasing
   * @param baselines the InfoNCE variants
   * @param results receives the numbers under "gap/..." keys
   */
  static Table table(
      Map<String, List<Metrics>> metrics,
      int[] views,
      List<String> baselines,
      SplittableRandom rng,
      Map<String, Object> results,
      List<String> sentences) {
    int seeds = metrics.get("k" + views[0] + "/m3g").size();
    List<String> headers = new ArrayList<>(List.of("k", "metric"));
    for (String b : baselines) {
      headers.add("M3G - " + b + " [95% CI]");
    }
    Table table =
        new Table(
            "M3G minus InfoNCE against k, mean over "
                + seeds
                + " seeds (paired by seed) with bootstrapped 95% intervals",
            headers);
    for (Map.Entry<String, ToDoubleFunction<Metrics>> m : METRICS.entrySet()) {
      for (int k : views) {
        List<Object> row = new ArrayList<>(List.of(k, m.getKey()));
        for (String b : baselines) {
          double[] gap = gaps(metrics, k, b, m.getValue());
          BootstrapInterval ci = BootstrapInterval.of(gap, 0.95, 10_000, rng);
          row.add(format(ci));
          results.put("gap/" + m.getKey() + "/k" + k + "/" + b, ci);
        }
        table.row(row.toArray());
      }
      for (String b : baselines) {
        double[] first = gaps(metrics, views[0], b, m.getValue());
        double[] last = gaps(metrics, views[views.length - 1], b, m.getValue());
        double[] change = new double[seeds];
        for (int s = 0; s < seeds; s++) {
          change[s] = last[s] - first[s];
        }
        BootstrapInterval ci = BootstrapInterval.of(change, 0.95, 10_000, rng);
        Verdict v = growth(ci);
        results.put("gapGrowth/" + m.getKey() + "/" + b, v.name());
        sentences.add(
            String.format(
                Locale.ROOT,
                "%s, M3G - %s: the gap changes by %s from k = %d to k = %d; the claim that it"
                    + " grows with k %s.",
                m.getKey(),
                b,
                format(ci),
                views[0],
                views[views.length - 1],
                v.words));
      }
    }
    return table;
  }

  /** Per-seed M3G minus {@code baseline} at {@code k}. */
  static double[] gaps(
      Map<String, List<Metrics>> metrics, int k, String baseline, ToDoubleFunction<Metrics> f) {
    List<Metrics> m3g = metrics.get("k" + k + "/m3g");
    List<Metrics> other = metrics.get("k" + k + "/" + baseline);
    double[] gap = new double[m3g.size()];
    for (int s = 0; s < gap.length; s++) {
      gap[s] = f.applyAsDouble(m3g.get(s)) - f.applyAsDouble(other.get(s));
    }
    return gap;
  }

  private static String format(BootstrapInterval ci) {
    return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", ci.mean(), ci.low(), ci.high());
  }
}
