package org.replearn.cli.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;
import org.replearn.core.io.Safetensors;

/** {@code replearn file inspect|bench} end to end, including corrupt files (exit code 2). */
@Tag("engine")
class FileCommandTest {
  @TempDir Path tmp;

  @Test
  void inspectsAnNpyFileWithValueSummary() throws IOException {
    Path f = tmp.resolve("p.npy");
    Npy.write(f, NpyArray.of(new float[] {1f, -3f, Float.NaN, 6f, 0.5f, 2f}, new Shape(2, 3)));
    JsonNode j = CliRun.of("file", "inspect", f.toString(), "--values", "--json").json();
    assertEquals("npy", j.get("format").asText());
    assertEquals("float32", j.get("dtype").asText());
    assertEquals("[2,3]", j.get("shape").toString());
    assertEquals(24, j.get("dataBytes").asLong());
    JsonNode v = j.get("values");
    assertEquals(6, v.get("count").asLong());
    assertEquals(1, v.get("nonFinite").asLong());
    assertEquals(-3.0, v.get("min").asDouble());
    assertEquals(6.0, v.get("max").asDouble());
    assertEquals(6.5 / 5, v.get("mean").asDouble(), 1e-12);
  }

  @Test
  void inspectsASafetensorsFile() throws IOException {
    Path f = tmp.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, ai.djl.ndarray.NDArray> t = new LinkedHashMap<>();
      t.put("w", m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2)));
      t.put("n", m.create(new long[] {7, -1}));
      Safetensors.write(f, t, Map.of("zoo", "tetris"));
    }
    JsonNode j = CliRun.of("file", "inspect", f.toString(), "--values", "--json").json();
    assertEquals("safetensors", j.get("format").asText());
    assertEquals("tetris", j.get("metadata").get("zoo").asText());
    JsonNode w = j.get("tensors").get(0);
    assertEquals("w", w.get("name").asText());
    assertEquals("F32", w.get("dtype").asText());
    assertEquals("[2,2]", w.get("shape").toString());
    assertEquals(2.5, w.get("values").get("mean").asDouble());
    JsonNode n = j.get("tensors").get(1);
    assertEquals("I64", n.get("dtype").asText());
    assertEquals(-1.0, n.get("values").get("min").asDouble());
  }

  @Test
  void corruptFilesEndWithExitTwoAndOneLineNamingFileAndProblem() throws IOException {
    Path npy = tmp.resolve("cut.npy");
    Npy.write(npy, NpyArray.of(new float[12], new Shape(3, 4)));
    byte[] b = Files.readAllBytes(npy);
    Files.write(npy, Arrays.copyOf(b, b.length - 4));
    CliRun r = CliRun.of("file", "inspect", npy.toString());
    assertEquals(2, r.code());
    assertEquals(
        List.of(
            "replearn: "
                + npy
                + ": truncated: shape (3, 4) float32 needs 48 data bytes, file has 44"),
        r.errLines());

    Path st = tmp.resolve("garbage.safetensors");
    Files.writeString(st, "definitely not tensors");
    r = CliRun.of("file", "inspect", st.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith("replearn: " + st + ": "), r.err());
    assertTrue(r.err().contains("not a safetensors file?"), r.err());

    Path missing = tmp.resolve("absent.npy");
    r = CliRun.of("file", "inspect", missing.toString());
    assertEquals(2, r.code());
    assertEquals(List.of("replearn: " + missing + ": no such file"), r.errLines());
  }

  @Test
  void benchPrintsEveryFigureAndCleansUp() throws IOException {
    JsonNode j =
        CliRun.of(
                "file",
                "bench",
                "--rows",
                "6",
                "--block",
                "4",
                "--repeats",
                "1",
                "--dir",
                tmp.toString(),
                "--json")
            .json();
    for (String key :
        List.of(
            "npyWriteMBps",
            "npyReadFloatMBps",
            "npyReadNDArrayMBps",
            "safetensorsWriteMBps",
            "safetensorsReadMBps",
            "safetensorsOneSmallTensorMs")) {
      assertTrue(j.get(key).asDouble() > 0, key + " in " + j);
    }
    // element k holds k * 1e-6; the checksum adds the last element of each block (rows 3 and 5)
    double expected = ((4 * 13766 - 1) + (6 * 13766 - 1)) * 1e-6;
    assertEquals(expected, j.get("checksum").asDouble(), 1e-6);
    assertEquals(List.of(), Arrays.asList(tmp.toFile().list()), "scratch files deleted");
  }

  @Test
  void benchRejectsBadSettings() {
    CliRun r = CliRun.of("file", "bench", "--rows", "0");
    assertEquals(2, r.code());
    assertEquals(List.of("replearn: --rows must be > 0, found 0"), r.errLines());
  }
}
