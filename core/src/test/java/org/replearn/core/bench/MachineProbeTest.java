package org.replearn.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The probe's loops compute what they claim (their speed is measured by the command, not here). */
class MachineProbeTest {
  private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void readSumAddsEveryElement() {
    float[] a = new float[LANES * 37];
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 7;
    }
    double expected = 0;
    for (float v : a) {
      expected += v;
    }
    assertEquals(expected, MachineProbe.readSum(a), 0);
  }

  @Test
  void fmaChainsFollowTheirRecurrence() {
    // c_{n+1} = c_n / 2 + 1 for twelve chains from 0.1 ... 1.2; every chain tends to 2
    long n = 3;
    double expected = 0;
    float[] start = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 1.1f, 1.2f};
    for (float c : start) {
      float x = c;
      for (int i = 0; i < n; i++) {
        x = Math.fma(x, 0.5f, 1f);
      }
      expected += x;
    }
    assertEquals(expected * LANES, MachineProbe.fmaChains(n), 1e-4);
    assertEquals(2.0 * 12 * LANES, MachineProbe.fmaChains(200), 1e-3);
  }

  @Test
  void divisionChainsFollowTheirRecurrence() {
    // c_{n+1} = 1 / (c_n + 1) for eight chains from 0.1 ... 0.8; every chain tends to 0.618...
    long n = 3;
    double expected = 0;
    for (int chain = 1; chain <= 8; chain++) {
      float x = chain / 10f;
      for (int i = 0; i < n; i++) {
        x = 1f / (x + 1f);
      }
      expected += x;
    }
    assertEquals(expected * LANES, MachineProbe.divisionChains(n), 1e-4);
    assertEquals(8 * (Math.sqrt(5) - 1) / 2 * LANES, MachineProbe.divisionChains(200), 1e-3);
  }

  @Test
  void divisionLoopRunsASixteenthOfTheFmaIterations() {
    assertEquals(1L << 19, MachineProbe.divIterations(1L << 23));
    assertEquals(1, MachineProbe.divIterations(5));
  }

  @Test
  void cacheSizesParse() {
    assertEquals(32L << 20, MachineProbe.parseCacheSize("32768K"));
    assertEquals(8L << 20, MachineProbe.parseCacheSize("8M"));
    assertEquals(512, MachineProbe.parseCacheSize("512"));
  }

  @Test
  void defaultArraysAreFarBeyondTheLastLevelCacheWhereTheHeapAllows() {
    Runtime runtime = Runtime.getRuntime();
    long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    long llc = MachineProbe.lastLevelCacheBytes();
    long vector = 4L * LANES;
    for (int threads : new int[] {1, 2, 7}) {
      long bytes = MachineProbe.Settings.defaultReadBytes(threads);
      String context = Arrays.toString(new long[] {threads, bytes, llc, available});
      assertEquals(0, bytes % vector, context);
      long wanted = Math.min(Math.max(256L << 20, 8 * llc), (4L << 30) - 64);
      // the heap that is free changes as the test runs: a slack of 64 MiB each way
      long heapCap = available / 2 / threads;
      assertTrue(bytes <= heapCap + (64L << 20), context);
      assertTrue(bytes >= Math.min(wanted, heapCap - (64L << 20)) - vector, context);
    }
  }
}
