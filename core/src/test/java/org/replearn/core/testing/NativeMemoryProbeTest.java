package org.replearn.core.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The probe must catch a real leak and pass a properly scoped loop. */
@Tag("engine")
class NativeMemoryProbeTest {
  private static final long MIB = 1 << 20;

  @Test
  void residentSetIsPlausible() {
    assumeTrue(NativeMemoryProbe.supported());
    long rss = NativeMemoryProbe.residentBytes();
    assertTrue(rss > 10 * MIB && rss < 64L * 1024 * MIB, "resident " + rss);
  }

  @Test
  void catchesArraysThatAreNeverClosed() {
    assumeTrue(NativeMemoryProbe.supported());
    try (NDManager root = NDManager.newBaseManager()) {
      // 4 MiB of native tensor memory per iteration, kept alive by the root manager: 160 MiB
      AssertionError e =
          assertThrows(
              AssertionError.class,
              () ->
                  NativeMemoryProbe.assertFlat(
                      4, 40, 32 * MIB, i -> root.ones(new Shape(1024, 1024)).muli(i)));
      assertTrue(e.getMessage().contains("memory is not flat"), e.getMessage());
    }
  }

  @Test
  void catchesDirectBuffersHeldByJavaReferences() throws Exception {
    assumeTrue(NativeMemoryProbe.supported());
    List<NDArray> kept = new ArrayList<>();
    float[] values = new float[1024 * 1024];
    try (NDManager root = NDManager.newBaseManager()) {
      // 4 MiB direct buffer per iteration, reachable from the list: 160 MiB
      NativeMemoryProbe.Growth g =
          NativeMemoryProbe.measure(
              4, 40, i -> kept.add(root.create(values, new Shape(1024, 1024))));
      assertTrue(g.nativeBytes() > 80 * MIB, g.toString());
    }
  }

  @Test
  void passesALoopThatClosesItsArrays() throws Exception {
    assumeTrue(NativeMemoryProbe.supported());
    try (NDManager root = NDManager.newBaseManager()) {
      // 32768 elements per op: below PyTorch's parallel grain, so the loop stays fast on a busy
      // machine; the same loop without the sub-manager would keep 200 x 2 x 128 KiB = 50 MiB
      NDArray weights = root.ones(new Shape(64, 512));
      float[] batch = new float[64 * 512];
      NativeMemoryProbe.assertFlat(
          40,
          200,
          16 * MIB,
          i -> {
            try (NDManager step = root.newSubManager()) {
              NDArray x = step.create(batch, new Shape(64, 512));
              x.add(weights).sum().getFloat();
            }
          });
    }
  }

  @Test
  void flagsTheSameLoopWithoutItsSubManager() {
    assumeTrue(NativeMemoryProbe.supported());
    // 1 MiB arrays, 2 MiB leaked per iteration (400 MiB in all): far more than the freed but still
    // resident memory that earlier tests in the same JVM leave for a leak to reuse unseen
    try (NDManager root = NDManager.newBaseManager()) {
      NDArray weights = root.ones(new Shape(256, 1024));
      float[] batch = new float[256 * 1024];
      assertThrows(
          AssertionError.class,
          () ->
              NativeMemoryProbe.assertFlat(
                  40,
                  200,
                  16 * MIB,
                  i -> root.create(batch, new Shape(256, 1024)).add(weights).sum().getFloat()));
    }
  }
}
