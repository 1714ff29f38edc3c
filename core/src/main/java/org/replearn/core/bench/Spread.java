package org.replearn.core.bench;

import java.util.Arrays;

/**
 * Minimum, median and maximum of repeated measurements (the median of an even count is the mean of
 * the two middle values).
 *
 * @param min smallest value
 * @param median middle value
 * @param max largest value
 * @param count number of values
 */
public record Spread(double min, double median, double max, int count) {

  /** The spread of {@code values} (at least one). */
  public static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a spread needs at least one value, found none");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    return new Spread(s[0], median, s[n - 1], n);
  }

  /**
   * The spread of {@code numerator / v} for each value v: times become rates (min and max swap).
   */
  public Spread inverse(double numerator) {
    return new Spread(numerator / max, numerator / median, numerator / min, count);
  }

  /** Every value times {@code factor} (> 0), e.g. seconds to milliseconds. */
  public Spread scaled(double factor) {
    return new Spread(min * factor, median * factor, max * factor, count);
  }
}
