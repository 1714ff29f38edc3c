package org.replearn.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;

/**
 * Reads the files numpy 2.4.6 wrote with {@code make_fixtures.py} (beside them in the test
 * resources) and checks that our writer produces byte-identical files.
 */
class NpyTest {
  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(NpyTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values make_fixtures.py wrote: element k of a file of the given type. */
  static double expected(DataType type, long k) {
    return switch (type) {
      case BOOLEAN -> k % 3 == 0 ? 1 : 0;
      case UINT8 -> k * 37 % 256;
      case INT8, INT16, INT32, INT64 -> k * 7 % 11 - 5;
      default -> (k * 7 % 11 - 5) * 0.25;
    };
  }

  static double[] expectedValues(DataType type, int n) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = expected(type, k);
    }
    return v;
  }

  static final Map<String, DataType> TYPES =
      Map.of(
          "bool", DataType.BOOLEAN,
          "int8", DataType.INT8,
          "uint8", DataType.UINT8,
          "int16", DataType.INT16,
          "int32", DataType.INT32,
          "int64", DataType.INT64,
          "float16", DataType.FLOAT16,
          "float32", DataType.FLOAT32,
          "float64", DataType.FLOAT64);

  @Test
  void readsEveryTypeNumpyWrites() throws IOException {
    for (Map.Entry<String, DataType> e : TYPES.entrySet()) {
      NpyArray a = Npy.read(fixture(e.getKey() + "_3x4.npy"));
      assertEquals(e.getValue(), a.dataType(), e.getKey());
      assertEquals(new Shape(3, 4), a.shape(), e.getKey());
      assertArrayEquals(expectedValues(e.getValue(), 12), a.toDoubleArray(), e.getKey());
      float[] f = a.toFloatArray();
      for (int k = 0; k < 12; k++) {
        assertEquals((float) expected(e.getValue(), k), f[k], e.getKey() + " float " + k);
      }
    }
  }

  @Test
  void integerViewsAreExactAndFloatsRefuseThem() throws IOException {
    for (String name : new String[] {"int8", "int16", "int32", "int64", "uint8", "bool"}) {
      NpyArray a = Npy.read(fixture(name + "_3x4.npy"));
      long[] l = a.toLongArray();
      int[] i = a.toIntArray();
      for (int k = 0; k < 12; k++) {
        assertEquals((long) expected(TYPES.get(name), k), l[k], name);
        assertEquals(l[k], i[k], name);
      }
    }
    NpyArray floats = Npy.read(fixture("float32_3x4.npy"));
    assertThrows(IllegalStateException.class, floats::toLongArray);
  }

  @Test
  void formatVersionsOneTwoThreeReadTheSame() throws IOException {
    for (int v = 1; v <= 3; v++) {
      Path f = fixture("float32_2x3x2_v" + v + ".npy");
      NpyHeader h = Npy.readHeader(f);
      assertEquals(new Shape(2, 3, 2), h.shape());
      assertEquals(128, h.dataOffset(), "numpy aligns the data to 64 bytes");
      assertArrayEquals(expectedValues(DataType.FLOAT32, 12), Npy.read(f).toDoubleArray());
    }
  }

  @Test
  void readsVectorsScalarsAndEmptyArrays() throws IOException {
    NpyArray vector = Npy.read(fixture("int64_5.npy"));
    assertEquals(new Shape(5), vector.shape());
    assertArrayEquals(new long[] {-5, 2, -2, 5, 1}, vector.toLongArray());
    NpyArray scalar = Npy.read(fixture("float64_scalar.npy"));
    assertEquals(new Shape(), scalar.shape());
    assertArrayEquals(new double[] {2.5}, scalar.toDoubleArray());
    NpyArray empty = Npy.read(fixture("float32_0x3.npy"));
    assertEquals(new Shape(0, 3), empty.shape());
    assertEquals(0, empty.toFloatArray().length);
  }

  @Test
  void writerProducesNumpysExactBytes() throws IOException {
    String[] names = {
      "bool_3x4",
      "int8_3x4",
      "uint8_3x4",
      "int16_3x4",
      "int32_3x4",
      "int64_3x4",
      "float16_3x4",
      "float32_3x4",
      "float64_3x4",
      "int64_5",
      "float64_scalar",
      "float32_0x3",
      "float32_2x3x2_v1",
      "float32_long_header"
    };
    for (String name : names) {
      Path original = fixture(name + ".npy");
      Path copy = tmp.resolve(name + ".npy");
      Npy.write(copy, Npy.read(original));
      assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy), name);
    }
  }

  @Test
  void typedFactoriesRoundTrip() throws IOException {
    Path f = tmp.resolve("a.npy");
    Npy.write(f, NpyArray.of(new float[] {1.5f, -2f, 3.25f, 0f, 7f, 1e-7f}, new Shape(2, 3)));
    assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 0f, 7f, 1e-7f}, Npy.read(f).toFloatArray());
    Npy.write(f, NpyArray.of(new double[] {Math.PI, -1e300}, new Shape(2)));
    assertArrayEquals(new double[] {Math.PI, -1e300}, Npy.read(f).toDoubleArray());
    Npy.write(f, NpyArray.of(new long[] {Long.MIN_VALUE, 3}, new Shape(1, 2)));
    assertArrayEquals(new long[] {Long.MIN_VALUE, 3}, Npy.read(f).toLongArray());
    Npy.write(f, NpyArray.of(new int[] {Integer.MAX_VALUE, -4, 0}, new Shape(3)));
    assertArrayEquals(new int[] {Integer.MAX_VALUE, -4, 0}, Npy.read(f).toIntArray());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[5], new Shape(2, 3)));
  }

  @Test
  void veryLongHeaderUsesVersionTwo() throws IOException {
    long[] dims = new long[25_000];
    Arrays.fill(dims, 1);
    dims[0] = 2;
    Path f = tmp.resolve("long.npy");
    Npy.write(f, NpyArray.of(new int[] {4, 5}, new Shape(dims)));
    byte[] bytes = Files.readAllBytes(f);
    assertEquals(2, bytes[6], "major version");
    NpyHeader h = Npy.readHeader(f);
    assertEquals(25_000, h.shape().dimension());
    assertEquals(0, h.dataOffset() % 64);
    assertArrayEquals(new int[] {4, 5}, Npy.read(f).toIntArray());
  }

  @Test
  void readsRowRangesOfALargeStreamedFile() throws IOException {
    int rows = 1000;
    int cols = 37;
    Path f = tmp.resolve("params.npy");
    Npy.write(
        f,
        DataType.FLOAT32,
        new Shape(rows, cols),
        out -> {
          for (int r0 = 0; r0 < rows; r0 += 300) {
            int n = Math.min(300, rows - r0);
            float[] block = new float[n * cols];
            for (int i = 0; i < block.length; i++) {
              block[i] = (r0 * cols + i) * 0.5f;
            }
            out.put(NpyArray.of(block, new Shape(n, cols)));
          }
        });
    try (NpyReader reader = Npy.open(f)) {
      assertEquals(rows, reader.rows());
      NpyArray slice = reader.rows(100, 250);
      assertEquals(new Shape(150, cols), slice.shape());
      float[] v = slice.toFloatArray();
      for (int i = 0; i < v.length; i++) {
        assertEquals((100 * cols + i) * 0.5f, v[i]);
      }
      assertEquals(new Shape(0, cols), reader.rows(rows, rows).shape());
      InvalidInputException bad =
          assertThrows(InvalidInputException.class, () -> reader.rows(990, 1001));
      assertTrue(bad.getMessage().contains("[990, 1001)"), bad.getMessage());
      assertTrue(bad.getMessage().contains("params.npy"), bad.getMessage());
    }
  }

  @Test
  void readsRowsBeyondTwoGibibytesOfASparseFile() throws IOException {
    // shaped like an official zoo's parameters.npy; only the last row holds data, the rest is a
    // hole
    long rows = 40_000;
    int cols = 13766;
    Path f = tmp.resolve("huge.npy");
    byte[] header = NpyHeader.encode(DataType.FLOAT32, new Shape(rows, cols));
    ByteBuffer last = ByteBuffer.allocate(4 * cols).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < cols; i++) {
      last.putFloat(i + 0.5f);
    }
    try (FileChannel ch =
        FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(header));
      ch.write(last.flip(), header.length + (rows - 1) * cols * 4L);
    }
    assertTrue(Files.size(f) > (2L << 30));
    try (NpyReader reader = Npy.open(f)) {
      float[] v = reader.rows(rows - 2, rows).toFloatArray();
      for (int i = 0; i < cols; i++) {
        assertEquals(0f, v[i]);
        assertEquals(i + 0.5f, v[cols + i]);
      }
      InvalidInputException tooBig =
          assertThrows(InvalidInputException.class, () -> reader.rows(0, rows));
      assertTrue(tooBig.getMessage().contains("less than 2 GiB"), tooBig.getMessage());
    }
  }

  @Test
  void streamedWriteWithWrongSizeOrTypeLeavesNoFile() {
    Path f = tmp.resolve("short.npy");
    IllegalArgumentException few =
        streamedWriteRefused(f, new Shape(2, 3), NpyArray.of(new float[5], new Shape(5)));
    assertTrue(few.getMessage().contains("needs 24"), few.getMessage());
    streamedWriteRefused(f, new Shape(2), NpyArray.of(new double[2], new Shape(2)));
    streamedWriteRefused(f, new Shape(2), NpyArray.of(new float[3], new Shape(3)));
    assertFalse(Files.exists(f));
    assertEquals(0, tmp.toFile().list().length, "no temporary file left");
  }

  /**
   * Asserts that a streamed float32 write of {@code shape} into {@code f} that puts {@code part}
   * fails with IllegalArgumentException, and returns that exception.
   */
  private static IllegalArgumentException streamedWriteRefused(Path f, Shape shape, NpyArray part) {
    return assertThrows(
        IllegalArgumentException.class,
        () -> Npy.write(f, DataType.FLOAT32, shape, out -> out.put(part)));
  }

  // ---- corrupt and unsupported files: CorruptFileException naming the file and the problem

  private CorruptFileException corrupt(String name, byte[] content) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, content);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    return e;
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
    }
  }

  @Test
  void refusesFortranOrderAndBigEndianWithReasons() throws IOException {
    assertMentions(
        corrupt("f.npy", Files.readAllBytes(fixture("fortran_3x4.npy"))),
        "Fortran",
        "np.ascontiguousarray");
    assertMentions(
        corrupt("b.npy", Files.readAllBytes(fixture("bigendian_3x4.npy"))),
        "unsupported dtype '>f4'",
        "little-endian");
  }

  @Test
  void detectsTruncationWrongMagicAndGarbage() throws IOException {
    byte[] good = Files.readAllBytes(fixture("float32_3x4.npy"));
    assertMentions(corrupt("empty.npy", new byte[0]), "truncated", "0 bytes");
    assertMentions(
        corrupt("cut.npy", Arrays.copyOf(good, good.length - 3)),
        "truncated",
        "needs 48 data bytes, file has 45");
    assertMentions(corrupt("cuthead.npy", Arrays.copyOf(good, 40)), "truncated header");
    assertMentions(corrupt("long.npy", Arrays.copyOf(good, good.length + 4)), "4 unexpected bytes");
    byte[] magic = good.clone();
    magic[1] = 'X';
    assertMentions(corrupt("magic.npy", magic), "not an npy file", "wrong magic 93 58");
    byte[] version = good.clone();
    version[6] = 4;
    assertMentions(corrupt("version.npy", version), "unsupported npy format version 4.0");
    assertMentions(
        corrupt("text.npy", "hello, this is not numpy".getBytes(StandardCharsets.UTF_8)),
        "not an npy file");
  }

  @Test
  void detectsBadHeaderDicts() throws IOException {
    assertMentions(
        corrupt("h1.npy", npy("{'descr': '<f4', 'shape': (2,), }", 8)), "exactly the keys");
    assertMentions(
        corrupt(
            "extra.npy",
            npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': True}", 8)),
        "exactly the keys",
        "x");
    assertMentions(
        corrupt(
            "overflow.npy",
            npy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                8)),
        "overflows 64 bits");
    assertMentions(
        corrupt(
            "overflow2.npy",
            npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (3037000500, 3037000500), }",
                8)),
        "overflows 64 bits");
    assertMentions(
        corrupt("fortran.npy", npy("{'descr': '<f4', 'fortran_order': 1, 'shape': (2,), }", 8)),
        "'fortran_order' must be True or False");
    assertMentions(
        corrupt("h2.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,-1), }", 8)),
        "bad header");
    assertMentions(
        corrupt("h3.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", 8)),
        "bad header");
    assertMentions(
        corrupt(
            "h4.npy", npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8)),
        "bad header");
    assertMentions(
        corrupt("h5.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8)),
        "unsupported dtype '<c8'");
    // a hand-written header numpy also accepts: double quotes, other key order, Python 2 longs
    Path ok = tmp.resolve("ok.npy");
    Files.write(ok, npy("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<i4\"}", 8));
    assertEquals(new Shape(2), Npy.readHeader(ok).shape());
  }

  /** A version 1.0 npy file with the given header text and {@code dataBytes} zero bytes. */
  private static byte[] npy(String dict, int dataBytes) {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) text.length).put(text);
    return b.array();
  }

  @Test
  void missingFileIsNamed() {
    Path f = tmp.resolve("absent.npy");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Npy.read(f));
    assertMentions(e, f.toString(), "no such file");
  }

  // ---- NDArray conversions (PyTorch engine)

  @Test
  @Tag("engine")
  void ndArraysKeepTypeAndValues() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Map.Entry<String, DataType> e : TYPES.entrySet()) {
        NDArray a = Npy.read(fixture(e.getKey() + "_3x4.npy"), manager);
        DataType want = e.getValue() == DataType.INT16 ? DataType.INT32 : e.getValue();
        assertEquals(want, a.getDataType(), e.getKey());
        assertEquals(new Shape(3, 4), a.getShape());
        double[] got = toDoubles(a);
        assertArrayEquals(expectedValues(e.getValue(), 12), got, e.getKey());
        Path back = tmp.resolve(e.getKey() + ".npy");
        if (e.getValue() != DataType.INT16) {
          Npy.write(back, a);
          assertArrayEquals(
              Files.readAllBytes(fixture(e.getKey() + "_3x4.npy")), Files.readAllBytes(back));
        }
      }
    }
  }

  @Test
  @Tag("engine")
  void ndArraysOwnTheirMemoryNotTheFilesMapping() throws IOException {
    Path f = tmp.resolve("w.npy");
    Files.copy(fixture("float32_3x4.npy"), f);
    byte[] before = Files.readAllBytes(f);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a;
      try (NpyReader reader = Npy.open(f)) {
        a = reader.rows(1, 3, manager);
      }
      a.addi(1); // would crash on the read-only mapping, or change the file on a writable one
      double[] want = Arrays.copyOfRange(expectedValues(DataType.FLOAT32, 12), 4, 12);
      for (int i = 0; i < want.length; i++) {
        want[i] += 1;
      }
      assertArrayEquals(want, toDoubles(a));
    }
    assertArrayEquals(before, Files.readAllBytes(f));
  }

  private static double[] toDoubles(NDArray a) {
    NDArray d =
        a.getDataType() == DataType.BOOLEAN
            ? a.toType(DataType.INT32, false).toType(DataType.FLOAT64, false)
            : a.toType(DataType.FLOAT64, false);
    return d.toDoubleArray();
  }

  @Test
  @Tag("engine")
  void float16DecodingMatchesPyTorchForAllBitPatterns() {
    ByteBuffer all = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int bits = 0; bits < 65536; bits++) {
      all.putShort((short) bits);
    }
    all.flip();
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] torch =
          new NpyArray(DataType.FLOAT16, new Shape(65536), all)
              .toNDArray(manager)
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
      for (int bits = 0; bits < 65536; bits++) {
        float ours = Float16.toFloat((short) bits);
        if (Float.isNaN(torch[bits])) {
          assertTrue(Float.isNaN(ours), "bits " + Integer.toHexString(bits));
        } else {
          assertEquals(
              Float.floatToIntBits(torch[bits]),
              Float.floatToIntBits(ours),
              "bits " + Integer.toHexString(bits));
        }
      }
    }
  }
}
