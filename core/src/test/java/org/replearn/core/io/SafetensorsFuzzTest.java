package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;

/**
 * Fuzzes the safetensors reader (header and data): any bytes give tensors or a bad-input error
 * naming the file. Seeds: files our writer produces, committed under {@code
 * SafetensorsFuzzTestInputs/safetensors}.
 */
@Tag("engine")
class SafetensorsFuzzTest {
  /** Where the fuzz inputs are written, shared by all inputs of the class. */
  @TempDir static Path dir;

  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @FuzzTest(maxDuration = "3m")
  void safetensors(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(dir.resolve("fuzz.safetensors"), bytes);
    ReaderContract.check(file, () -> read(file));
  }

  /** Reads the header of {@code file}, then the whole file into a scope that is closed after. */
  private static void read(Path file) throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      Safetensors.readHeader(file);
      Safetensors.read(file, scope);
    }
  }

  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(
        SafetensorsFuzzTest.class,
        "safetensors",
        new FuzzSeeds.Seed("seed-two.safetensors", SafetensorsFuzzTest::writeTwo),
        new FuzzSeeds.Seed(
            "seed-metadata.safetensors",
            file -> {
              try (NDManager m = NDManager.newBaseManager()) {
                Safetensors.write(
                    file,
                    Map.of("x", m.create(new byte[] {1, 2, 3}, new Shape(3))),
                    Map.of("format", "pt"));
              }
            }));
    FuzzSeeds.checkEach(
        SafetensorsFuzzTest.class,
        "safetensors",
        file -> {
          try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.read(file, m);
          }
        });
  }

  private static void writeTwo(Path file) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> t = new LinkedHashMap<>();
      t.put("w", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
      t.put("step", m.create(new long[] {7}));
      t.put("h", m.create(new float[] {0.5f, -1}).toType(DataType.FLOAT16, false));
      Safetensors.write(file, t);
    }
  }
}
