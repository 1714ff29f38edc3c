package org.replearn.cli.file;

/** Count, non-finite count, min, max and mean of a stream of values, fed block by block. */
final class ValueSummary {
  private long count;
  private long nonFinite;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;

  /** Adds a block of values. */
  void add(double[] values) {
    for (double v : values) {
      count++;
      if (!Double.isFinite(v)) {
        nonFinite++;
        continue;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
  }

  /**
   * Counts and, over the finite values, min, max and mean (null when no value is finite).
   *
   * @param count values seen
   * @param nonFinite NaN and infinite values among them
   */
  record Values(long count, long nonFinite, Double min, Double max, Double mean) {}

  /** The summary so far; min, max and mean are over the finite values. */
  Values values() {
    long finite = count - nonFinite;
    return finite == 0
        ? new Values(count, nonFinite, null, null, null)
        : new Values(count, nonFinite, min, max, sum / finite);
  }
}
