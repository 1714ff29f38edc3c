package org.replearn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArgMaxTest {

  @Test
  void rangeIndexIsRelativeToItsStartAndTiesGoToTheFirst() {
    float[] v = {9, 1, 5, 5, 2, 7};
    assertEquals(1, ArgMax.of(v, 1, 3)); // 1, 5, 5: the first 5
    assertEquals(2, ArgMax.of(v, 3, 3)); // 5, 2, 7
    assertEquals(0, ArgMax.of(v, 0, 6));
    assertEquals(0, ArgMax.of(v, 4, 1));
  }

  @Test
  void wholeArrayWithTiesAndNaNs() {
    assertEquals(2, ArgMax.of(new double[] {-3, -2, -1}));
    assertEquals(1, ArgMax.of(new double[] {4, 4.5, 4.5}));
    assertEquals(2, ArgMax.of(new double[] {1, Double.NaN, 2}));
    assertEquals(0, ArgMax.of(new double[] {Double.NaN, 1})); // nothing compares larger than NaN
  }
}
