package org.replearn.core.report;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;

/**
 * A mean with its percentile-bootstrap confidence interval (Efron and Tibshirani 1993, ch. 13):
 * resample the values with replacement, take the mean of each resample, and read the (1 - level)/2
 * and (1 + level)/2 quantiles of those means.
 *
 * @param mean the sample mean
 * @param low lower end of the interval
 * @param high upper end
 * @param n number of values
 */
public record BootstrapInterval(double mean, double low, double high, int n) {

  /**
   * @param values one value per seed
   * @param level e.g. 0.95
   * @param resamples bootstrap resamples (e.g. 10,000)
   */
  public static BootstrapInterval of(
      double[] values, double level, int resamples, SplittableRandom rng) {
    InvalidInputException.require(values.length > 0, "bootstrap values", "must not be empty", 0);
    InvalidInputException.require(
        level > 0 && level < 1, "confidence level", "must be in (0, 1)", level);
    InvalidInputException.require(resamples > 0, "bootstrap resamples", "must be > 0", resamples);
    int n = values.length;
    double mean = Arrays.stream(values).average().orElseThrow();
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += values[rng.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    return new BootstrapInterval(
        mean, quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2), n);
  }

  /** Linear-interpolation quantile of sorted values. */
  public static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }
}
