package org.replearn.cli.file;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /** The summary as an ordered map; min, max and mean are over the finite values. */
  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("nonFinite", nonFinite);
    long finite = count - nonFinite;
    m.put("min", finite == 0 ? null : min);
    m.put("max", finite == 0 ? null : max);
    m.put("mean", finite == 0 ? null : sum / finite);
    return m;
  }
}
