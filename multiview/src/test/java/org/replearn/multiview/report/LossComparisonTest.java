package org.replearn.multiview.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replearn.multiview.train.RepresentationEvaluator.Metrics;

class LossComparisonTest {

  /** The paragraph compares M3G with the better baseline per k, signs included. */
  @Test
  void statesWinsAndLossesFromTheNumbers() {
    Map<String, Metrics> runs = new LinkedHashMap<>();
    runs.put("k2/m3g", new Metrics(0.90, 0.80, 0.20));
    runs.put("k2/infonce-pwe", new Metrics(0.92, 0.81, 0.25));
    runs.put("k2/infonce-ave", new Metrics(0.91, 0.83, 0.22));
    runs.put("k4/m3g", new Metrics(0.95, 0.90, 0.30));
    runs.put("k4/infonce-pwe", new Metrics(0.93, 0.91, 0.26));
    runs.put("k4/infonce-ave", new Metrics(0.94, 0.88, 0.27));
    String text = LossComparison.describe(runs, new Metrics(0.85, 0.88, 0.10), new int[] {2, 4});
    assertTrue(text.contains("linear probe 0.950 vs 0.850 (+10.0 points)"), text);
    assertTrue(
        text.contains("k = 2: probe 0.900 vs 0.920 (InfoNCE-pwe, -2.0 points), kNN -3.0,"), text);
    assertTrue(text.contains("retrieval -5.0"), text);
    assertTrue(
        text.contains("k = 4: probe 0.950 vs 0.940 (InfoNCE-ave, +1.0 points), kNN -1.0,"), text);
    assertTrue(text.contains("best linear probe at 1 of 2 view counts"), text);
  }
}
