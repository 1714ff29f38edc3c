package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
    OfficialFolderFixture.writeArrays(dir, n);
    long[] nsc = new long[n * 3];
    long[] tasks = new long[n * 4];
    for (int i = 0; i < n; i++) {
      nsc[3 * i] = runs[i / rowsPerModel];
      nsc[3 * i + 1] = 100L * (i % rowsPerModel);
      nsc[3 * i + 2] = 10 * i;
      tasks[4 * i + 1] = (i / rowsPerModel) - 1;
    }
    Npy.write(dir.resolve("num_step_correct.npy"), NpyArray.of(nsc, new Shape(n, 3)));
    Npy.write(dir.resolve("tasks.npy"), NpyArray.of(tasks, new Shape(n, 4)));
    OfficialFolderFixture.writeArgs(dir);
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

  /**
   * A tiled-MNIST zoo in the layout of the official {@code dataset_creation_sequential_mnist.py}:
   * float16 sequences (N,100,50,16) and raw logits (N,100,50,10), float32 parameters (N,15178),
   * int64 num_step (N,2), float64 accuracy_losses (N,4) [eval acc, train loss, eval loss, wd] and
   * float64 tasks (N,1) angles. Two models with checkpoints 0 and 100.
   */
  private Path writeOfficialMnist() throws Exception {
    Path dir = tmp.resolve("official-mnist");
    Files.createDirectories(dir);
    int n = 4;
    SplittableRandom rng = new SplittableRandom(2);
    float[] params = new float[n * 15178];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) rng.nextGaussian();
    }
    float[] seq = new float[n * 100 * 50 * 16];
    float[] logits = new float[n * 100 * 50 * 10];
    for (int i = 0; i < seq.length; i++) {
      seq[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (4 * rng.nextGaussian());
    }
    long[] ns = {0, 0, 0, 100, 1, 0, 1, 100};
    double[] acc = {
      0.1, 2.3, 2.31, 0.01, 0.9, 0.3, 0.35, 0.01, 0.12, 2.2, 2.25, 0, 0.8, 0.5, 0.6, 0
    };
    double[] angles = {12.5, 12.5, 300.25, 300.25};
    Npy.write(dir.resolve("parameters.npy"), NpyArray.of(params, new Shape(n, 15178)));
    try (NDManager m = NDManager.newBaseManager()) {
      Npy.write(
          dir.resolve("sequences.npy"),
          m.create(seq, new Shape(n, 100, 50, 16)).toType(DataType.FLOAT16, false));
      Npy.write(
          dir.resolve("logits.npy"),
          m.create(logits, new Shape(n, 100, 50, 10)).toType(DataType.FLOAT16, false));
    }
    Npy.write(dir.resolve("num_step.npy"), NpyArray.of(ns, new Shape(n, 2)));
    Npy.write(dir.resolve("accuracy_losses.npy"), NpyArray.of(acc, new Shape(n, 4)));
    Npy.write(dir.resolve("tasks.npy"), NpyArray.of(angles, new Shape(n, 1)));
    return dir;
  }

  @Test
  void importsTheOfficialMnistLayoutAndExportsItBack() throws Exception {
    Path official = writeOfficialMnist();
    ZooStore store = new ZooStore(tmp.resolve("mnist-zoo"));
    OfficialZoo.ImportResult result = OfficialZoo.importFrom(official, store);
    assertEquals(2, result.models());
    assertEquals(4, result.rows());
    ZooIndex.Row last = store.readIndex().rows().get(3);
    assertEquals(1, last.model());
    assertEquals(100, last.step());
    assertEquals(0.8, last.metrics().get("evalAccuracy"));
    assertEquals(0.6 - 0.5, last.metrics().get("generalizationGap"), 1e-12);
    assertEquals(0.0, last.weightDecay());
    assertArrayEquals(new double[] {300.25}, last.task());
    Path back = tmp.resolve("mnist-back");
    assertEquals(4, OfficialZoo.exportTo(store, back));
    assertEquals(DataType.FLOAT16, Npy.readHeader(back.resolve("sequences.npy")).dataType());
    assertEquals(new Shape(4, 100, 50, 10), Npy.readHeader(back.resolve("logits.npy")).shape());
    assertEquals(DataType.FLOAT64, Npy.readHeader(back.resolve("accuracy_losses.npy")).dataType());
    assertEquals(DataType.FLOAT64, Npy.readHeader(back.resolve("tasks.npy")).dataType());
    assertArrayEquals(
        Npy.read(official.resolve("parameters.npy")).toFloatArray(),
        Npy.read(back.resolve("parameters.npy")).toFloatArray());
    assertArrayEquals(
        Npy.read(official.resolve("logits.npy")).toFloatArray(),
        Npy.read(back.resolve("logits.npy")).toFloatArray());
    assertArrayEquals(
        Npy.read(official.resolve("accuracy_losses.npy")).toDoubleArray(),
        Npy.read(back.resolve("accuracy_losses.npy")).toDoubleArray());
  }

  @Test
  void rejectsOfficialFilesWithAnotherDtypeOrShape() throws Exception {
    Path dir = writeOfficial(2, new long[] {0});
    // sequences as int32 instead of the official int16
    Npy.write(
        dir.resolve("sequences.npy"), NpyArray.of(new int[2 * 100 * 42], new Shape(2, 100, 42)));
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class,
            () -> OfficialZoo.importFrom(dir, new ZooStore(tmp.resolve("c"))));
    assertTrue(e.getMessage().contains("expected int16"), e.getMessage());
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
