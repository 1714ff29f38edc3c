package org.replearn.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void childrenDependOnlyOnParentAndIndex() {
    Seeds a = new Seeds(42);
    long c5 = a.child(5).seed();
    long c3 = a.child(3).seed();
    // a fresh parent, children taken in the other order and after many others
    Seeds b = new Seeds(42);
    for (int i = 0; i < 100; i++) {
      b.child(i);
    }
    assertEquals(c3, b.child(3).seed());
    assertEquals(c5, b.child(5).seed());
    assertEquals(a.child("init"), new Seeds(42).child("init"));
    assertEquals(a.child(7).child("data").child(2), new Seeds(42).child(7).child("data").child(2));
  }

  @Test
  void childrenAndSeedsDiffer() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 10_000; i++) {
      seen.add(new Seeds(0).child(i).seed());
    }
    seen.add(new Seeds(0).child("init").seed());
    seen.add(new Seeds(0).child("data").seed());
    assertEquals(10_002, seen.size(), "no two children share a seed");
    assertNotEquals(new Seeds(1).child(0), new Seeds(2).child(0));
    assertNotEquals(new Seeds(0).child(0), new Seeds(0));
  }

  @Test
  void mixIsSplitMix64() {
    // SplitMix64's first output for seed 0 is mix64(0 + golden gamma), the published value
    // 0xE220A8397B1DCDAF (Vigna's splitmix64.c with x = 0).
    assertEquals(0xE220A8397B1DCDAFL, Seeds.mix64(0x9E3779B97F4A7C15L));
    assertEquals(new SplittableRandom(0).nextLong(), Seeds.mix64(0x9E3779B97F4A7C15L));
  }

  @Test
  void randomGivesTheSameStreamEachTime() {
    Seeds s = new Seeds(9).child(1);
    SplittableRandom r1 = s.random();
    SplittableRandom r2 = s.random();
    for (int i = 0; i < 100; i++) {
      assertEquals(r1.nextLong(), r2.nextLong());
    }
  }

  @Test
  void permutationIsDeterministicAndAPermutation() {
    int[] p = RandomArrays.permutation(new Seeds(3).random(), 1000);
    assertArrayEquals(p, RandomArrays.permutation(new Seeds(3).random(), 1000));
    assertFalse(Arrays.equals(p, RandomArrays.permutation(new Seeds(4).random(), 1000)));
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  @Tag("engine")
  void sameSeedSameTensorsDifferentSeedDifferentTensors() {
    try (NDManager m = NDManager.newBaseManager()) {
      Shape shape = new Shape(64, 32);
      NDArray a = RandomArrays.normal(m, new Seeds(5).child("init").random(), shape, 0f, 1f);
      NDArray b = RandomArrays.normal(m, new Seeds(5).child("init").random(), shape, 0f, 1f);
      NDArray c = RandomArrays.normal(m, new Seeds(6).child("init").random(), shape, 0f, 1f);
      assertArrayEquals(a.toFloatArray(), b.toFloatArray());
      assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
      NDArray u1 = RandomArrays.uniform(m, new Seeds(5).random(), shape, -2f, 3f);
      NDArray u2 = RandomArrays.uniform(m, new Seeds(5).random(), shape, -2f, 3f);
      assertArrayEquals(u1.toFloatArray(), u2.toFloatArray());
      for (float v : u1.toFloatArray()) {
        assertFalse(v < -2f || v >= 3f, "uniform in [low, high): " + v);
      }
    }
  }

  @Test
  @Tag("engine")
  void normalHasTheRequestedMoments() {
    try (NDManager m = NDManager.newBaseManager()) {
      int n = 200_000;
      float[] v =
          RandomArrays.normal(m, new Seeds(11).random(), new Shape(n), 3f, 2f).toFloatArray();
      double mean = 0;
      for (float x : v) {
        mean += x;
      }
      mean /= n;
      double var = 0;
      for (float x : v) {
        var += (x - mean) * (x - mean);
      }
      var /= n - 1;
      // 5 standard errors: mean se = 2/sqrt(n) = 0.0045; variance se = 4 sqrt(2/n) = 0.0126
      assertEquals(3.0, mean, 5 * 0.0045);
      assertEquals(4.0, var, 5 * 0.0127);
    }
  }
}
