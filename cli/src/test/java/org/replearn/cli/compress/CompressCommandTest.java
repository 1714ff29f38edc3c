package org.replearn.cli.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.Main;
import org.replearn.core.io.Json;
import org.replearn.riem.model.Tensor;

@Tag("engine")
class CompressCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private Path model() throws Exception {
    SplittableRandom rng = new SplittableRandom(0);
    float[] w = new float[16 * 5 * 3 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    Path file = dir.resolve("m.safetensors");
    Tensor.writeAll(file, Map.of("conv.weight", new Tensor(new long[] {16, 5, 3, 3}, w)));
    return file;
  }

  @Test
  void fitMatrixPrintsTheIssuesJsonFields() throws Exception {
    Path file = model();
    int code =
        Main.run(
            "compress",
            "fit-matrix",
            "--input",
            file.toString(),
            "--tensor",
            "conv.weight",
            "--state-dim",
            "6",
            "--metric-dim",
            "3",
            "--steps",
            "40",
            "--restarts",
            "2",
            "--search-steps",
            "5",
            "--out",
            dir.resolve("o").toString(),
            "--json");
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    JsonNode json = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals(16, json.get("rows").asInt());
    assertEquals(45, json.get("cols").asInt()); // 5 x 3 x 3 folded
    assertEquals((16 + 45) * 6 + 6 * 3 * 7 + 4, json.get("parameters").asInt());
    assertEquals(8, json.get("bits").asInt());
    assertTrue(json.get("relativeError").asDouble() > 0);
    assertTrue(json.get("svd").get("storedBits").asLong() <= json.get("storedBits").asLong());
    assertTrue(Files.exists(dir.resolve("o/manifest.json")));
    assertTrue(Files.exists(dir.resolve("o/riem.safetensors")));
  }

  @Test
  void badRateGivesExitCode2() throws Exception {
    Path file = model();
    int code =
        Main.run(
            "compress",
            "model",
            "--model",
            file.toString(),
            "--rate",
            "1.5",
            "--method",
            "svd",
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--rate must be in (0, 1], found 1.5"),
        err.toString(StandardCharsets.UTF_8));
  }
}
