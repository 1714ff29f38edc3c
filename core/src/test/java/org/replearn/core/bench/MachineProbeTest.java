package org.replearn.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void cacheSizesParse() {
    assertEquals(32L << 20, MachineProbe.parseCacheSize("32768K"));
    assertEquals(8L << 20, MachineProbe.parseCacheSize("8M"));
    assertEquals(512, MachineProbe.parseCacheSize("512"));
  }

  @Test
  void defaultArraysAreFarBeyondTheLastLevelCache() {
    long bytes = MachineProbe.Settings.defaultReadBytes();
    long llc = MachineProbe.lastLevelCacheBytes();
    assertEquals(0, bytes % (4L * LANES));
    assertEquals(true, bytes >= Math.min(8 * llc, (4L << 30) - 64 - 4L * LANES), "bytes " + bytes);
    assertEquals(true, bytes >= (256L << 20), Arrays.toString(new long[] {bytes, llc}));
  }
}
