package org.replearn.multiview.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.multiview.train.RepresentationEvaluator.Metrics;

/** M3G minus InfoNCE per seed, and the verdict on its growth with k from the interval. */
class SeedGapsTest {

  private static List<Metrics> probes(double... values) {
    List<Metrics> out = new ArrayList<>();
    for (double v : values) {
      out.add(new Metrics(v, 0.5, 0.1));
    }
    return out;
  }

  private static Map<String, List<Metrics>> runs(double[] m3gK4) {
    Map<String, List<Metrics>> m = new LinkedHashMap<>();
    m.put("k2/m3g", probes(0.91, 0.92, 0.93));
    m.put("k2/infonce-pwe", probes(0.90, 0.91, 0.92));
    m.put("k4/m3g", probes(m3gK4));
    m.put("k4/infonce-pwe", probes(0.90, 0.91, 0.92));
    return m;
  }

  @Test
  void gapsArePairedBySeed() {
    double[] gap =
        SeedGaps.gaps(
            runs(new double[] {0.95, 0.93, 0.94}), 4, "infonce-pwe", Metrics::linearProbe);
    assertArrayEquals(new double[] {0.05, 0.02, 0.02}, gap, 1e-12);
  }

  @Test
  void growthVerdictFollowsTheInterval() {
    assertEquals(
        SeedGaps.Verdict.HOLDS, SeedGaps.growth(new BootstrapInterval(0.02, 0.01, 0.03, 3)));
    assertEquals(
        SeedGaps.Verdict.UNDECIDED, SeedGaps.growth(new BootstrapInterval(0.01, -0.01, 0.03, 3)));
    assertEquals(
        SeedGaps.Verdict.FAILS, SeedGaps.growth(new BootstrapInterval(-0.02, -0.03, -0.01, 3)));
  }

  @Test
  void tableStatesTheGrowthVerdictFromTheNumbers() {
    // gap 0.01 at k = 2 for every seed; at k = 4 gaps 0.04, 0.03, 0.03: it grows on every seed
    List<String> sentences = new ArrayList<>();
    assertEquals("HOLDS", growthVerdict(new double[] {0.94, 0.94, 0.95}, sentences));
    assertTrue(sentences.get(0).contains("grows with k holds"), sentences.get(0));
    // at k = 4 the gap is 0.01 - 0.02 + 0.0 = mixed around the k = 2 gap: undecided
    assertEquals("UNDECIDED", growthVerdict(new double[] {0.92, 0.90, 0.93}, new ArrayList<>()));
  }

  /** The verdict {@link SeedGaps#table} records for InfoNCE-PWE with {@code k4} at k = 4. */
  private static Object growthVerdict(double[] k4, List<String> sentences) {
    Map<String, Object> results = new LinkedHashMap<>();
    SeedGaps.table(
        runs(k4),
        new int[] {2, 4},
        List.of("infonce-pwe"),
        new SplittableRandom(1),
        results,
        sentences);
    return results.get("gapGrowth/linear probe/infonce-pwe");
  }
}
