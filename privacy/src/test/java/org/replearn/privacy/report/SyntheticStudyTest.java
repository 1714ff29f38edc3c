package org.replearn.privacy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.Table;

class SyntheticStudyTest {

  @Test
  void tablesHaveOneRowPerDimensionAndTheExpectedOrdering() {
    SyntheticStudy study = new SyntheticStudy(3, 20, new int[] {16, 64});
    Map<String, Object> results = new LinkedHashMap<>();
    Table a =
        study.testShiftTable(new double[] {0.5}, new double[] {0, 0.2}, new Seeds(1), results);
    assertEquals(2, a.rows().size());
    assertEquals(2 + 2 * 4, a.headers().size());
    // epsilon = 0.5 under perfect collapse: non-DP and DP are (almost) error-free (spec table A)
    List<Object> row = a.rows().get(0);
    assertEquals(0.0, (Double) row.get(2), 1e-12);
    assertTrue((Double) row.get(3) < 0.02, "DP error " + row.get(3));
    Table b =
        study.trainShiftTable(0.5, new double[] {0.05}, new int[] {64}, new Seeds(2), results);
    assertEquals(1, b.rows().size());
    assertTrue(results.containsKey("B eps=0.5 p=64 beta=0.05"));
    Table c = study.perfectCollapseTable(0.1, new Seeds(3), results);
    assertEquals(2, c.rows().size());
    assertEquals(0.0354, (Double) c.rows().get(0).get(2), 5e-4);
  }
}
