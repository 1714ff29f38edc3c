package org.replearn.core.io;

import ai.djl.ndarray.types.Shape;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;

/**
 * Fuzzes the {@code .npy} reader: any bytes give an array or a bad-input error naming the file.
 * Seeds: valid files our writer produces ({@link #seeds()}), committed under {@code
 * NpyFuzzTestInputs/npy}.
 */
class NpyFuzzTest {
  /** Where the fuzz inputs are written, shared by all inputs of the class. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "3m")
  void npy(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(dir.resolve("fuzz.npy"), bytes);
    ReaderContract.check(file, () -> read(file));
  }

  /** Opens {@code file}, reads it whole (below 1 MiB of data) and reads its last row. */
  private static void read(Path file) throws Exception {
    try (NpyReader r = Npy.open(file)) {
      long rows = r.rows();
      if (r.header().dataBytes() < (1 << 20)) {
        r.readAll().toDoubleArray();
      }
      if (rows > 0) {
        r.rows(rows - 1, rows).toDoubleArray();
      }
    }
  }

  /** The committed seeds are valid files our writer produced (regenerate: see FuzzSeeds). */
  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(
        NpyFuzzTest.class,
        "npy",
        new FuzzSeeds.Seed(
            "seed-f32.npy",
            file -> Npy.write(file, NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)))),
        new FuzzSeeds.Seed(
            "seed-i64.npy", file -> Npy.write(file, NpyArray.of(new long[] {7, -8}, new Shape(2)))),
        new FuzzSeeds.Seed(
            "seed-scalar.npy",
            file -> Npy.write(file, NpyArray.of(new double[] {0.5}, new Shape()))));
    FuzzSeeds.checkEach(NpyFuzzTest.class, "npy", file -> Npy.read(file).toDoubleArray());
  }
}
