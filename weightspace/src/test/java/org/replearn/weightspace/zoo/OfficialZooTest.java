package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;

@Tag("engine")
class OfficialZooTest {
  @TempDir Path tmp;

  /**
   * A small formal-language zoo in the official layout, as the official script writes it: two
   * merged runs whose run index restarts at 0, so three models: (run 0, steps 0 and 100), (run 1,
   * steps 0 and 100), then again run 0 (steps 0 and 100).
   */
  private Path writeOfficial(int rowsPerModel, long[] runs) throws Exception {
    Path dir = tmp.resolve("official");
    Files.createDirectories(dir);
    int n = runs.length * rowsPerModel;
    SplittableRandom rng = new SplittableRandom(1);
    float[] params = new float[n * 13766];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) rng.nextDouble();
    }
    ByteBuffer seq = ByteBuffer.allocate(n * 100 * 42 * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n * 100 * 42; i++) {
      seq.putShort((short) rng.nextInt(6));
    }
    seq.flip();
    float[] logits = new float[n * 100 * 41 * 6];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) -rng.nextDouble();
    }
    long[] nsc = new long[n * 3];
    long[] tasks = new long[n * 4];
    for (int i = 0; i < n; i++) {
      nsc[3 * i] = runs[i / rowsPerModel];
      nsc[3 * i + 1] = 100L * (i % rowsPerModel);
      nsc[3 * i + 2] = 10 * i;
      tasks[4 * i + 1] = (i / rowsPerModel) - 1;
    }
    Npy.write(dir.resolve("parameters.npy"), NpyArray.of(params, new Shape(n, 13766)));
    Npy.write(
        dir.resolve("sequences.npy"), new NpyArray(DataType.INT16, new Shape(n, 100, 42), seq));
    try (NDManager m = NDManager.newBaseManager()) {
      Npy.write(
          dir.resolve("logits.npy"),
          m.create(logits, new Shape(n, 100, 41, 6)).toType(DataType.FLOAT16, false));
    }
    Npy.write(dir.resolve("num_step_correct.npy"), NpyArray.of(nsc, new Shape(n, 3)));
    Npy.write(dir.resolve("tasks.npy"), NpyArray.of(tasks, new Shape(n, 4)));
    Files.writeString(dir.resolve("args.json"), "{\"num_tokens\": 4, \"sequence_length\": 42}");
    return dir;
  }

  @Test
  void importsTheOfficialLayoutAndExportsItBack() throws Exception {
    Path official = writeOfficial(2, new long[] {0, 1, 0});
    ZooStore store = new ZooStore(tmp.resolve("zoo"));
    OfficialZoo.ImportResult result = OfficialZoo.importFrom(official, store);
    assertEquals(3, result.models());
    assertEquals(6, result.rows());
    ZooIndex index = store.readIndex();
    assertEquals(6, index.rows().size());
    assertEquals(List.of(0L, 100L), index.steps());
    ZooIndex.Row last = index.rows().get(5);
    assertEquals(2, last.model());
    assertEquals(100, last.step());
    assertEquals(50.0, last.metrics().get("accepted"));
    assertArrayEquals(new double[] {0, 1, 0, 0}, last.task());

    Path back = tmp.resolve("back");
    assertEquals(6, OfficialZoo.exportTo(store, back));
    // exported rows are model-major, as the official scripts write them
    int[] exportedRowOfOriginal = {0, 1, 2, 3, 4, 5};
    float[] p0 = Npy.read(official.resolve("parameters.npy")).toFloatArray();
    float[] p1 = Npy.read(back.resolve("parameters.npy")).toFloatArray();
    int[] s0 = Npy.read(official.resolve("sequences.npy")).toIntArray();
    int[] s1 = Npy.read(back.resolve("sequences.npy")).toIntArray();
    float[] l0 = Npy.read(official.resolve("logits.npy")).toFloatArray();
    float[] l1 = Npy.read(back.resolve("logits.npy")).toFloatArray();
    long[] n1 = Npy.read(back.resolve("num_step_correct.npy")).toLongArray();
    for (int i = 0; i < 6; i++) {
      int j = exportedRowOfOriginal[i];
      assertArrayEquals(slice(p0, i, 13766), slice(p1, j, 13766));
      assertArrayEquals(
          java.util.Arrays.copyOfRange(s0, i * 4200, (i + 1) * 4200),
          java.util.Arrays.copyOfRange(s1, j * 4200, (j + 1) * 4200));
      assertArrayEquals(slice(l0, i, 24600), slice(l1, j, 24600));
      assertEquals(10L * i, n1[3 * j + 2]);
      assertEquals(100L * (i % 2), n1[3 * j + 1]);
    }
    assertEquals(DataType.INT16, Npy.readHeader(back.resolve("sequences.npy")).dataType());
  }

  @Test
  void rejectsFoldersThatAreNotOfficialZoos() throws Exception {
    Path official = writeOfficial(2, new long[] {0});
    Files.delete(official.resolve("num_step_correct.npy"));
    assertThrows(
        InvalidInputException.class,
        () -> OfficialZoo.importFrom(official, new ZooStore(tmp.resolve("a"))));
    Path broken = writeOfficialWithShortParameters();
    assertThrows(
        CorruptFileException.class,
        () -> OfficialZoo.importFrom(broken, new ZooStore(tmp.resolve("b"))));
  }

  private Path writeOfficialWithShortParameters() throws Exception {
    Path dir = writeOfficial(2, new long[] {0});
    Npy.write(dir.resolve("parameters.npy"), NpyArray.of(new float[2 * 10], new Shape(2, 10)));
    return dir;
  }

  private static float[] slice(float[] a, int row, int width) {
    return java.util.Arrays.copyOfRange(a, row * width, (row + 1) * width);
  }
}
