package org.replearn.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.testing.ManagerPerTest;

/**
 * safetensors round trips, conformance to the format as its spec states it (checked by parsing the
 * bytes independently here), interoperability with DJL's codec and with a file written by Python's
 * safetensors 0.8.0 ({@code make_fixtures.py}), subsets, and corrupt files.
 */
@Tag("engine")
class SafetensorsTest extends ManagerPerTest {
  @TempDir Path tmp;

  /** One tensor of each type the writer supports, plus a scalar and an empty tensor. */
  private Map<String, NDArray> sample() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put("weight", manager.create(new float[] {1.5f, -2f, 3.25f, 0f, 1e-7f, 6f}, new Shape(2, 3)));
    m.put("bias", manager.create(new double[] {Math.PI, -1e300}));
    m.put(
        "half",
        manager
            .create(new float[] {0.5f, -1f, 65504f, 0.25f}, new Shape(2, 2))
            .toType(DataType.FLOAT16, false));
    m.put("ints", manager.create(new int[] {Integer.MIN_VALUE, 0, 7}, new Shape(3, 1)));
    m.put("longs", manager.create(new long[] {Long.MAX_VALUE, -3}));
    m.put("bytes", manager.create(new byte[] {-128, 0, 127}));
    m.put("ubytes", manager.create(new byte[] {(byte) 255, 1}).toType(DataType.UINT8, false));
    m.put("mask", manager.create(new boolean[] {true, false, true}));
    m.put("scalar", manager.create(2.5f));
    m.put("empty", manager.zeros(new Shape(0, 4)));
    return m;
  }

  @Test
  void roundTripKeepsNamesOrderTypesShapesAndBytes() throws IOException {
    Map<String, NDArray> written = sample();
    Path f = tmp.resolve("t.safetensors");
    Safetensors.write(f, written);
    Map<String, NDArray> read = Safetensors.read(f, manager);
    assertEquals(new ArrayList<>(written.keySet()), new ArrayList<>(read.keySet()));
    for (String name : written.keySet()) {
      NDArray a = written.get(name);
      NDArray b = read.get(name);
      assertEquals(a.getDataType(), b.getDataType(), name);
      assertEquals(a.getShape(), b.getShape(), name);
      assertArrayEquals(a.toByteArray(), b.toByteArray(), name);
      assertEquals(name, b.getName());
    }
    assertEquals(new ArrayList<>(written.keySet()), Safetensors.names(f));
  }

  @Test
  void fileFollowsTheSpecWhenParsedIndependently() throws IOException {
    Map<String, NDArray> written = sample();
    Path f = tmp.resolve("spec.safetensors");
    Safetensors.write(f, written, Map.of("framework", "replearn"));
    byte[] file = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    assertEquals(0, n % 8, "header padded to 8 bytes like the reference writer");
    String json = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{"));
    Map<String, Object> header =
        Json.mapper()
            .readValue(json.strip(), new TypeReference<LinkedHashMap<String, Object>>() {});
    assertEquals(Map.of("framework", "replearn"), header.remove("__metadata__"));
    assertEquals(new ArrayList<>(written.keySet()), new ArrayList<>(header.keySet()));
    Map<DataType, String> names =
        Map.of(
            DataType.FLOAT32,
            "F32",
            DataType.FLOAT64,
            "F64",
            DataType.FLOAT16,
            "F16",
            DataType.INT32,
            "I32",
            DataType.INT64,
            "I64",
            DataType.INT8,
            "I8",
            DataType.UINT8,
            "U8",
            DataType.BOOLEAN,
            "BOOL");
    long position = 0;
    int dataStart = 8 + (int) n;
    for (Map.Entry<String, Object> e : header.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = (Map<String, Object>) e.getValue();
      NDArray a = written.get(e.getKey());
      assertEquals(names.get(a.getDataType()), entry.get("dtype"), e.getKey());
      List<Long> shape = new ArrayList<>();
      for (long d : a.getShape().getShape()) {
        shape.add(d);
      }
      assertEquals(shape, toLongs(entry.get("shape")), e.getKey());
      List<Long> offsets = toLongs(entry.get("data_offsets"));
      assertEquals(position, offsets.get(0), "contiguous, in order: " + e.getKey());
      position = offsets.get(1);
      byte[] stored =
          Arrays.copyOfRange(
              file, dataStart + offsets.get(0).intValue(), dataStart + (int) position);
      assertArrayEquals(littleEndianBytes(a), stored, e.getKey());
    }
    assertEquals(file.length, dataStart + position, "data ends with the last tensor");
  }

  private static List<Long> toLongs(Object list) {
    List<Long> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add(((Number) o).longValue());
    }
    return out;
  }

  /** The expected stored bytes, encoded here from the Java values, not from NDArray's buffer. */
  private static byte[] littleEndianBytes(NDArray a) {
    int n = (int) a.size();
    ByteBuffer b =
        ByteBuffer.allocate(n * a.getDataType().getNumOfBytes()).order(ByteOrder.LITTLE_ENDIAN);
    DataType type = a.getDataType();
    switch (type) {
      case FLOAT32, FLOAT64, INT32, INT64 -> {
        // toArray boxes the values of toFloatArray, toDoubleArray, toIntArray or toLongArray
        for (Number v : a.toArray()) {
          switch (type) {
            case FLOAT32 -> b.putFloat(v.floatValue());
            case FLOAT64 -> b.putDouble(v.doubleValue());
            case INT32 -> b.putInt(v.intValue());
            default -> b.putLong(v.longValue());
          }
        }
      }
      case FLOAT16 -> {
        // binary16 of the values used above, from the IEEE 754 layout
        for (float v : a.toType(DataType.FLOAT32, false).toFloatArray()) {
          b.putShort(
              switch ((int) (v * 4)) {
                case 2 -> (short) 0x3800; // 0.5
                case -4 -> (short) 0xBC00; // -1
                case 262016 -> (short) 0x7BFF; // 65504
                case 1 -> (short) 0x3400; // 0.25
                default -> throw new AssertionError(v);
              });
        }
      }
      case INT8, UINT8 -> b.put(a.toByteArray());
      case BOOLEAN -> {
        for (boolean v : a.toBooleanArray()) {
          b.put((byte) (v ? 1 : 0));
        }
      }
      default -> throw new AssertionError(a.getDataType());
    }
    return b.array();
  }

  @Test
  void djlReadsOurFilesAndWeReadDjls() throws IOException {
    Map<String, NDArray> written = sample();
    Path ours = tmp.resolve("ours.safetensors");
    Safetensors.write(ours, written);
    try (NDManager scope = manager.newSubManager()) {
      NDList decoded = NDList.decode(scope, Files.readAllBytes(ours));
      assertEquals(written.size(), decoded.size());
      for (NDArray d : decoded) {
        assertArrayEquals(written.get(d.getName()).toByteArray(), d.toByteArray(), d.getName());
      }
    }
    NDList list = new NDList();
    written.forEach(
        (name, a) -> {
          a.setName(name);
          list.add(a);
        });
    ByteArrayOutputStream djl = new ByteArrayOutputStream();
    list.encode(djl, NDList.Encoding.SAFETENSORS);
    Path theirs = tmp.resolve("djl.safetensors");
    Files.write(theirs, djl.toByteArray());
    Map<String, NDArray> read = Safetensors.read(theirs, manager);
    assertEquals(written.keySet(), read.keySet());
    for (String name : written.keySet()) {
      assertArrayEquals(written.get(name).toByteArray(), read.get(name).toByteArray(), name);
    }
  }

  @Test
  void readsTheFilePythonSafetensorsWrote() throws IOException {
    Path f = NpyTest.fixture("python.safetensors");
    SafetensorsHeader header = Safetensors.readHeader(f);
    assertEquals(Map.of("source", "make_fixtures.py"), header.metadata());
    Map<String, NDArray> t = Safetensors.read(f, manager);
    assertEquals(10, t.size());
    assertValues(t.get("w"), DataType.FLOAT32, new Shape(3, 4), DataType.FLOAT32);
    assertValues(t.get("b"), DataType.FLOAT64, new Shape(4), DataType.FLOAT64);
    assertValues(t.get("h"), DataType.FLOAT16, new Shape(2, 2), DataType.FLOAT16);
    assertValues(t.get("i"), DataType.INT32, new Shape(2, 3), DataType.INT32);
    assertValues(t.get("l"), DataType.INT64, new Shape(3), DataType.INT64);
    assertValues(t.get("c"), DataType.INT8, new Shape(5), DataType.INT8);
    assertValues(t.get("u"), DataType.UINT8, new Shape(6), DataType.UINT8);
    assertEquals("I16", header.tensor("s").dtype());
    assertValues(t.get("s"), DataType.INT32, new Shape(2), DataType.INT16);
    assertEquals(new Shape(), t.get("scalar").getShape());
    assertEquals(1.5f, t.get("scalar").getFloat());
    assertEquals(new Shape(0, 2), t.get("empty").getShape());
  }

  private static void assertValues(NDArray a, DataType type, Shape shape, DataType written) {
    assertEquals(type, a.getDataType(), a.getName());
    assertEquals(shape, a.getShape(), a.getName());
    double[] got = a.toType(DataType.FLOAT64, false).toDoubleArray();
    assertArrayEquals(NpyTest.expectedValues(written, (int) shape.size()), got, a.getName());
  }

  @Test
  void readsASubsetByName() throws IOException {
    Path f = tmp.resolve("t.safetensors");
    Safetensors.write(f, sample());
    Map<String, NDArray> some = Safetensors.read(f, manager, List.of("longs", "weight"));
    assertEquals(List.of("weight", "longs"), new ArrayList<>(some.keySet()), "data order");
    assertArrayEquals(new long[] {Long.MAX_VALUE, -3}, some.get("longs").toLongArray());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Safetensors.read(f, manager, List.of("wieght")));
    assertTrue(e.getMessage().contains("wieght"), e.getMessage());
    assertTrue(e.getMessage().contains("weight"), e.getMessage());
  }

  @Test
  void readsOneTensorLyingBeyondTwoGibibytesOfASparseFile() throws IOException {
    long big = (2L << 30) + 8;
    String json =
        "{\"big\":{\"dtype\":\"U8\",\"shape\":["
            + big
            + "],\"data_offsets\":[0,"
            + big
            + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":["
            + big
            + ","
            + (big + 8)
            + "]}}";
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    Path f = tmp.resolve("huge.safetensors");
    ByteBuffer prefix = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(text.length).put(text).flip();
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    tail.putFloat(1.5f).putFloat(-2.5f).flip();
    try (FileChannel ch =
        FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(prefix);
      ch.write(tail, 8 + text.length + big); // the 2 GiB before it stay a hole
    }
    assertEquals(List.of("big", "tail"), Safetensors.names(f));
    NDArray t = Safetensors.read(f, manager, List.of("tail")).get("tail");
    assertArrayEquals(new float[] {1.5f, -2.5f}, t.toFloatArray());
    InvalidInputException tooBig =
        assertThrows(
            InvalidInputException.class, () -> Safetensors.read(f, manager, List.of("big")));
    assertTrue(tooBig.getMessage().contains("< 2 GiB"), tooBig.getMessage());
  }

  @Test
  void failedWriteKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
    Path f = tmp.resolve("keep.safetensors");
    Safetensors.write(f, Map.of("a", manager.create(new float[] {1f})));
    byte[] before = Files.readAllBytes(f);
    NDArray closed = manager.create(new float[] {2f, 3f});
    closed.close();
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    tensors.put("a", manager.create(new float[] {4f}));
    tensors.put("b", closed);
    assertThrows(RuntimeException.class, () -> Safetensors.write(f, tensors));
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of("keep.safetensors"), Arrays.asList(tmp.toFile().list()));
  }

  // ---- corrupt files

  /** A file with the given header text (unpadded) followed by {@code dataBytes} zero bytes. */
  private Path file(String name, String json, int dataBytes) throws IOException {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(text.length).put(text);
    Path f = tmp.resolve(name);
    Files.write(f, b.array());
    return f;
  }

  private CorruptFileException corrupt(Path f, String... mentions) {
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> Safetensors.read(f, manager));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
    }
    return e;
  }

  @Test
  void detectsTruncationAndGarbage() throws IOException {
    Path good = tmp.resolve("good.safetensors");
    Safetensors.write(good, sample());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = tmp.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5));
    corrupt(cut, "truncated", "file has");
    Path cutHeader = tmp.resolve("cuthead.safetensors");
    Files.write(cutHeader, Arrays.copyOf(bytes, 40));
    corrupt(cutHeader, "truncated header");
    Path longer = tmp.resolve("long.safetensors");
    Files.write(longer, Arrays.copyOf(bytes, bytes.length + 3));
    corrupt(longer, "3 unexpected bytes");
    Path tiny = tmp.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    corrupt(tiny, "truncated", "3 bytes");
    Path text = tmp.resolve("text.safetensors");
    Files.writeString(text, "this is just some text, not tensors at all");
    corrupt(text, "not a safetensors file?");
    corrupt(tmp.resolve("absent.safetensors"), "no such file");
  }

  @Test
  void detectsInconsistentHeaders() throws IOException {
    String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    corrupt(file("a", "not json at all", 0), "header is not valid JSON");
    corrupt(file("b", "{\"w\": ", 0), "not valid JSON");
    // a repeated name replaces the earlier entry, as in the reference (serde's map)
    assertEquals(List.of("w"), Safetensors.names(file("c", "{" + w + "," + w + "}", 8)));
    corrupt(file("d", "{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "'w'", "dtype");
    corrupt(file("e", oneTensor("F8_E4M3", "[2]", "[0,2]"), 2), "unsupported dtype \"F8_E4M3\"");
    corrupt(file("f", oneTensor("F32", "[3]", "[0,8]"), 8), "needs 12 bytes", "give 8");
    corrupt(file("g", oneTensor("F32", "[-2]", "[0,8]"), 8), "must hold integers >= 0");
    corrupt(file("h", oneTensor("F32", "[2]", "[0]"), 8), "data_offsets");
    corrupt(
        file(
            "gap",
            "{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}",
            16),
        "tensor 'v' starts at data byte 12, expected 8");
    corrupt(
        file(
            "overlap",
            "{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            8),
        "expected");
    corrupt(file("meta", "{\"__metadata__\":{\"k\":3}," + w + "}", 8), "__metadata__", "'k'");
    corrupt(file("short", "{" + w + "}", 4), "truncated", "need 8 data bytes, file has 4");
  }

  /** What the reference implementation refuses beyond the basics (safetensors 0.4+, serde_json). */
  @Test
  void refusesWhatTheReferenceRefuses() throws IOException {
    String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    corrupt(file("trail", "{" + w + "}xy", 8), "header is not valid JSON");
    corrupt(file("nul", "{" + w + "}\0\0\0", 8), "header is not valid JSON");
    corrupt(file("float", oneTensor("F32", "[2.0]", "[0,8]"), 8), "must hold integers >= 0", "2.0");
    corrupt(
        file("floatoff", oneTensor("F32", "[2]", "[0,8.0]"), 8), "data_offsets must be integers");
    corrupt(
        file("overflow", oneTensor("F32", "[4294967296,4294967296]", "[0,8]"), 8),
        "overflows 64 bits");
    corrupt(file("array", "[1, 2]", 0), "header must be a JSON object");
    byte[] latin =
        ("{\"__metadata__\":{\"k\":\"caf\u00e9\"}," + w + "}")
            .getBytes(StandardCharsets.ISO_8859_1);
    Path bad = tmp.resolve("latin.safetensors");
    ByteBuffer b = ByteBuffer.allocate(8 + latin.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(latin.length).put(latin);
    Files.write(bad, b.array());
    corrupt(bad, "not valid UTF-8");
  }

  /** What the reference accepts and an earlier version of this reader refused. */
  @Test
  void acceptsWhatTheReferenceAccepts() throws IOException {
    String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    assertEquals(List.of("w"), Safetensors.names(file("lead", " \n{" + w + "}\t\r\n ", 8)));
    assertEquals(
        Map.of(),
        Safetensors.readHeader(file("nullmeta", "{\"__metadata__\":null," + w + "}", 8))
            .metadata());
  }

  /**
   * A header holding one tensor {@code w}: {@code {"w":{"dtype":<dtype>,"shape":<shape>,
   * "data_offsets":<offsets>}}}, shape and offsets as JSON text.
   */
  private static String oneTensor(String dtype, String shape, String offsets) {
    return "{\"w\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":"
        + offsets
        + "}}";
  }
}
