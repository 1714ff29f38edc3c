package org.replearn.riem.report;

import java.util.Locale;
import org.replearn.core.report.BootstrapInterval;

/**
 * RieM against SVD over RieM fit seeds for one model at one target rate: a row of the section's
 * seed table and of {@code results.json}'s {@code riemVsSvdSeeds} list.
 *
 * @param model architecture id
 * @param data data set id
 * @param rate the per-layer target rate
 * @param riemAccuracyPerSeed RieM's test accuracy per fit seed
 * @param svdAccuracy SVD's test accuracy (deterministic)
 * @param riemMinusSvd RieM - SVD per seed, mean with a bootstrapped 95% interval
 * @param verdict "RieM above SVD" or "RieM below SVD" when the interval excludes 0, otherwise "too
 *     small to decide"
 */
public record SeedComparison(
    String model,
    String data,
    double rate,
    double[] riemAccuracyPerSeed,
    double svdAccuracy,
    BootstrapInterval riemMinusSvd,
    String verdict) {

  /** The verdict on "RieM above SVD at equal storage" from the interval of the differences. */
  static String verdict(BootstrapInterval riemMinusSvd) {
    return riemMinusSvd.low() > 0
        ? "RieM above SVD"
        : riemMinusSvd.high() < 0 ? "RieM below SVD" : "too small to decide";
  }

  Object[] cells(BootstrapInterval riemAccuracy) {
    return new Object[] {
      model, data, rate, format(riemAccuracy), svdAccuracy, format(riemMinusSvd), verdict
    };
  }

  private static String format(BootstrapInterval ci) {
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", ci.mean(), ci.low(), ci.high());
  }
}
