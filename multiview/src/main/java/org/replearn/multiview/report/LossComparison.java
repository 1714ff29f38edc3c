package org.replearn.multiview.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replearn.multiview.train.RepresentationEvaluator.Metrics;

/**
 * Writes the sentence-level reading of a loss comparison from the measured metrics: for each k, M3G
 * against the better InfoNCE baseline on each metric, and the largest k's M3G against the random
 * initialisation. Nothing is asserted that the numbers do not show.
 */
final class LossComparison {
  private LossComparison() {}

  /**
   * @param byRun metrics keyed {@code "k<views>/<loss>"} for m3g, infonce-pwe and infonce-ave
   * @param randomInit the encoder before training
   * @param views the k compared, ascending
   */
  static String describe(Map<String, Metrics> byRun, Metrics randomInit, int[] views) {
    int kMax = views[views.length - 1];
    Metrics top = byRun.get("k" + kMax + "/m3g");
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d-view M3G against the random initialisation: linear probe %.3f vs %.3f (%+.1f"
                + " points), kNN %.3f vs %.3f, retrieval %.3f vs %.3f. ",
            kMax,
            top.linearProbe(),
            randomInit.linearProbe(),
            100 * (top.linearProbe() - randomInit.linearProbe()),
            top.knn(),
            randomInit.knn(),
            top.retrieval(),
            randomInit.retrieval()));
    List<String> parts = new ArrayList<>();
    int probeWins = 0;
    for (int k : views) {
      Metrics m3g = byRun.get("k" + k + "/m3g");
      Metrics pwe = byRun.get("k" + k + "/infonce-pwe");
      Metrics ave = byRun.get("k" + k + "/infonce-ave");
      String bestName = pwe.linearProbe() >= ave.linearProbe() ? "pwe" : "ave";
      Metrics best = pwe.linearProbe() >= ave.linearProbe() ? pwe : ave;
      double d = m3g.linearProbe() - best.linearProbe();
      if (d > 0) {
        probeWins++;
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "k = %d: probe %.3f vs %.3f (InfoNCE-%s, %+.1f points), kNN %+.1f, retrieval %+.1f",
              k,
              m3g.linearProbe(),
              best.linearProbe(),
              bestName,
              100 * d,
              100 * (m3g.knn() - Math.max(pwe.knn(), ave.knn())),
              100 * (m3g.retrieval() - Math.max(pwe.retrieval(), ave.retrieval()))));
    }
    sb.append("M3G against the better InfoNCE baseline on each metric: ")
        .append(String.join("; ", parts))
        .append(". ");
    sb.append(
        String.format(
            Locale.ROOT,
            "M3G has the best linear probe at %d of %d view counts. One seed per run:"
                + " differences within the seed-to-seed spread (docs/results.md measures it for"
                + " one configuration) do not rank the losses.",
            probeWins,
            views.length));
    return sb.toString();
  }
}
