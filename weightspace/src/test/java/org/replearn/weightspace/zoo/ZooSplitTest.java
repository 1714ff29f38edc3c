package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZooSplitTest {

  @Test
  void permutationsMatchNumpyLegacySeeding() {
    // python3, numpy 2.4.6: np.random.seed(s); np.random.permutation(n).tolist()
    assertArrayEquals(
        new int[] {2, 9, 6, 4, 0, 3, 1, 7, 8, 5}, NumpyLegacyRandom.permutation(1, 10));
    assertArrayEquals(
        new int[] {53, 91, 118, 178, 47, 166, 31, 177, 152, 120, 16, 110},
        Arrays.copyOf(NumpyLegacyRandom.permutation(1, 183), 12));
    assertArrayEquals(
        new int[] {31, 14, 23, 9, 25, 20, 0, 19, 12, 1, 16, 27},
        Arrays.copyOf(NumpyLegacyRandom.permutation(2, 33), 12));
  }

  @Test
  void formalLanguageSplitFollowsTheOfficialCode() {
    // reference: the official split code run with numpy 2.4.6 and argsort(kind='stable') on the
    // 216 tasks: 151 train, 32 validation, 33 OOD; first OOD task (0,2,1,2), last (0,0,0,0); the
    // first training task (0,0,2,0), the first validation task (0,2,-3,1)
    List<double[]> tasks = new ArrayList<>();
    for (int[] d : FormalLanguage.allDifferences(4)) {
      tasks.add(Arrays.stream(d).asDoubleStream().toArray());
    }
    FormalLanguageZoo zoo = FormalLanguageZoo.official();
    Map<List<Double>, ZooSplit.Part> parts =
        ZooSplit.byTask(tasks, zoo::splitCriterion, 0.15, 0.15, false);
    assertEquals(151, count(parts, ZooSplit.Part.TRAIN));
    assertEquals(32, count(parts, ZooSplit.Part.VALIDATION));
    assertEquals(33, count(parts, ZooSplit.Part.OOD));
    assertEquals(ZooSplit.Part.OOD, parts.get(List.of(0.0, 2.0, 1.0, 2.0)));
    assertEquals(ZooSplit.Part.OOD, parts.get(List.of(0.0, 0.0, 0.0, 0.0)));
    List<List<Double>> order = new ArrayList<>(parts.keySet());
    assertEquals(List.of(0.0, 0.0, 2.0, 0.0), order.get(0));
    assertEquals(List.of(0.0, 2.0, -3.0, 1.0), order.get(151));

    Map<List<Double>, ZooSplit.Part> half =
        ZooSplit.byTask(tasks, zoo::splitCriterion, 0.15, 0.15, true);
    assertEquals(151 + 17, count(half, ZooSplit.Part.TRAIN));
    assertEquals(16, count(half, ZooSplit.Part.OOD));
  }

  @Test
  void mnistOodIsTheLargestAngles() {
    List<double[]> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tasks.add(new double[] {3.6 * i});
    }
    Map<List<Double>, ZooSplit.Part> parts = ZooSplit.byTask(tasks, t -> t[0], 0.15, 0.15, false);
    for (int i = 0; i < 100; i++) {
      assertEquals(i >= 85, parts.get(List.of(3.6 * i)) == ZooSplit.Part.OOD, "angle " + 3.6 * i);
    }
    assertEquals(15, count(parts, ZooSplit.Part.VALIDATION));
  }

  private static long count(Map<List<Double>, ZooSplit.Part> parts, ZooSplit.Part p) {
    return parts.values().stream().filter(v -> v == p).count();
  }
}
